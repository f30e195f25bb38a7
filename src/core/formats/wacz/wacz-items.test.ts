import { describe, expect, it } from 'vitest'
import type { IngestItem } from '../../ingest/read-record-outcomes.ts'
import { buildWacz, TEST_WARC, waczItemList, zipBytes } from './wacz.test-support.ts'

const problems = (items: IngestItem[]): Array<[string, string]> => items.flatMap(i => i.kind === 'problem' ? [[i.severity, i.code] as [string, string]] : [])
const report = (items: IngestItem[]): IngestItem | undefined => items.find(i => i.kind === 'wacz')
const records = (items: IngestItem[]): number => items.filter(i => i.kind === 'record').length
const keyPair = async (namedCurve = 'P-384'): Promise<CryptoKeyPair> => await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve }, false, ['sign', 'verify'])

describe('waczItems', () => {
  it('reads the WARCs, the pages (bad lines are warnings) and reports an unsigned WACZ', async () => {
    const items = await waczItemList(await buildWacz())
    expect(records(items)).toBe(3)
    expect(items[0]).toEqual({ kind: 'source', file: 't.wacz#archive/data.warc' })
    expect(items.filter(i => i.kind === 'pages').flatMap(i => i.kind === 'pages' ? i.pages : [])).toEqual([
      { url: 'http://example.com/', ts: '2024-01-02T03:04:05Z', title: 'Crawl title' },
      { url: 'http://example.com/b', ts: '2024-01-02T03:04:06Z' },
      { url: 'http://example.com/never-captured', title: 'Missing' }
    ])
    expect(problems(items)).toEqual([['warning', 'wacz-page-invalid']])
    expect(report(items)).toEqual({ kind: 'wacz', file: 't.wacz', pages: 3, signature: 'absent' })
  })

  it('reads every pages file (extraPages.jsonl too)', async () => {
    const extra = new TextEncoder().encode('{"format": "json-pages-1.0", "id": "extra-pages"}\n{"url": "http://example.com/style.css", "title": "Extra"}')
    const items = await waczItemList(await buildWacz({ files: [['archive/data.warc', new Uint8Array(TEST_WARC)], ['pages/extraPages.jsonl', extra]] }))
    expect(items.filter(i => i.kind === 'pages')).toEqual([{ kind: 'pages', file: 't.wacz#pages/extraPages.jsonl', pages: [{ url: 'http://example.com/style.css', title: 'Extra' }] }])
    expect(report(items)).toMatchObject({ pages: 1 })
  })

  it('verifies an anonymous signature (P-384 and P-256), and calls a changed datapackage.json invalid', async () => {
    for (const curve of ['P-384', 'P-256']) {
      const items = await waczItemList(await buildWacz({ sign: await keyPair(curve) }))
      expect(report(items)).toMatchObject({ signature: 'valid', signer: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) as string })
      expect(problems(items)).toEqual([['warning', 'wacz-page-invalid']])
    }
    const changed = await waczItemList(await buildWacz({
      sign: await keyPair(),
      tamper: (files) => { files.set('datapackage.json', new TextEncoder().encode(new TextDecoder().decode(files.get('datapackage.json')).replace('"test"', '"changed"'))) }
    }))
    expect(report(changed)).toMatchObject({ signature: 'invalid' })
    expect(problems(changed)).toContainEqual(['error', 'wacz-hash-mismatch'])
    // the records are still ingested: the members match the (changed) datapackage
    expect(records(changed)).toBe(3)
  })

  it('calls a signature by another key invalid, and a digest without signature absent', async () => {
    const other = Buffer.from(await crypto.subtle.exportKey('spki', (await keyPair()).publicKey)).toString('base64')
    const forged = await waczItemList(await buildWacz({
      sign: await keyPair(),
      tamper: (files) => {
        const digest = JSON.parse(new TextDecoder().decode(files.get('datapackage-digest.json'))) as { signedData: Record<string, string> }
        digest.signedData.publicKey = other
        files.set('datapackage-digest.json', new TextEncoder().encode(JSON.stringify(digest)))
      }
    }))
    expect(report(forged)).toMatchObject({ signature: 'invalid' })
    expect(problems(forged)).toContainEqual(['error', 'wacz-signature-invalid'])
    expect(report(await waczItemList(await buildWacz({ digest: true })))).toMatchObject({ signature: 'absent' })
  })

  it('does not ingest a member whose hash does not match, and ingests the intact ones', async () => {
    const second = new TextEncoder().encode('WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n')
    const bytes = await buildWacz({
      files: [['archive/a.warc', new Uint8Array(TEST_WARC)], ['archive/b.warc', second]],
      tamper: (files) => { const a = files.get('archive/a.warc'); if (a != null) a[100] = (a[100] ?? 0) ^ 1 }
    })
    const items = await waczItemList(bytes)
    expect(problems(items)).toEqual([['error', 'wacz-hash-mismatch']])
    const mismatch = items.findIndex(i => i.kind === 'problem')
    expect(items[mismatch - 1]).toEqual({ kind: 'source', file: 't.wacz#archive/a.warc' })
    expect(items.filter(i => i.kind === 'record').map(i => i.kind === 'record' && i.outcome.kind)).toEqual(['skip'])
  })

  it('reports a zip that is no WACZ, and a cut one, as one error item each', async () => {
    const plain = await zipBytes([['readme.txt', new TextEncoder().encode('hello')]])
    expect(await waczItemList(plain)).toEqual([expect.objectContaining({ kind: 'problem', severity: 'error', code: 'not-a-wacz', message: expect.stringContaining('no datapackage.json') as string })])
    const noWarc = await zipBytes([['datapackage.json', new TextEncoder().encode('{"resources": []}')]])
    expect(await waczItemList(noWarc)).toEqual([expect.objectContaining({ code: 'not-a-wacz', message: expect.stringContaining('no WARC files under archive/') as string })])
    const whole = await buildWacz()
    expect(await waczItemList(whole.subarray(0, whole.length - 30))).toEqual([expect.objectContaining({ code: 'zip-unreadable', message: expect.stringContaining('central directory') as string })])
  })
})
