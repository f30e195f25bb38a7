import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { PAGE_HTML, PNG_BASE64, sampleHar } from '../../core/formats/har/sample-har.test-support.ts'
import { ingestJson, served } from '../cli/commands/ingest-command.test-support.ts'
import { runCliCaptured } from '../cli/run-cli.test-support.ts'

const dir = mkdtempSync(join(tmpdir(), 'iparo-har-ingest-'))
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })
let files = 0
const file = (name: string, bytes: Uint8Array | string): string => {
  const path = join(dir, `${files++}-${name}`)
  writeFileSync(path, bytes)
  return path
}

interface Shown { header: { uri: string, status: number, reconstructed?: string[], datetime: string } }
const show = async (data: string, cid: string): Promise<Shown> => JSON.parse((await runCliCaptured(['show', cid, '--data', data, '--json'])).out) as Shown

describe('iparo ingest: a HAR file', () => {
  it('ingests every entry with a response, replays its bodies byte for byte, marks what was reconstructed', async () => {
    const data = join(dir, 'data-har')
    // named .warc: the bytes say what it is (a BOM in front, as some tools write)
    const { code, summary } = await ingestJson(data, [file('capture.warc', '\ufeff' + JSON.stringify(sampleHar(), null, 2))])
    expect(code).toBe(0)
    expect(summary).toMatchObject({ mementos: 3, errors: [], warnings: [], skippedByReason: { 'HAR entry without response': 1, 'HAR entry without its response body': 1 } })
    const [page, png] = await served(data, ['/default/20240301090000123456id_/https://example.org/', '/default/202403010900002id_/https://example.org/pixel.png'])
    expect(page?.body.toString('utf8')).toBe(PAGE_HTML)
    expect(png?.body.equals(Buffer.from(PNG_BASE64, 'base64'))).toBe(true)
    const iparos = (summary as unknown as { iparos: Array<{ cid: string, uri: string }> }).iparos
    const pageCid = iparos.find(i => i.uri === 'https://example.org/')?.cid ?? ''
    expect((await show(data, pageCid)).header).toMatchObject({
      status: 200, datetime: '2024-03-01T09:00:00.123456Z',
      reconstructed: ['content-encoding', 'content-length', 'http-version', 'pseudo-headers', 'request-host', 'status-reason']
    })
  }, 30_000)

  it('a gzipped HAR is read; the same HAR ingested again gives the same IPAROs', async () => {
    const data = join(dir, 'data-again')
    const har = JSON.stringify(sampleHar())
    const first = await ingestJson(data, [file('a.har', har)])
    const again = await ingestJson(data, [file('b.har.gz', gzipSync(har))])
    expect(first.summary.mementos).toBe(3)
    expect(again.summary).toMatchObject({ mementos: 0, duplicates: 3 })
  }, 30_000)

  it('a HAR that is no valid JSON, or has no entries, is an error with exit 65, never an empty success', async () => {
    const broken = await ingestJson(join(dir, 'data-broken'), [file('broken.har', '{"log": {"version": "1.2", "entries": [')])
    expect(broken.code).toBe(65)
    expect(broken.summary.errors).toEqual([expect.objectContaining({ code: 'not-a-har', message: expect.stringContaining('not valid JSON') as string })])
    const empty = await ingestJson(join(dir, 'data-empty'), [file('empty.har', '{"log": {"version": "1.2", "creator": {}}}')])
    expect(empty.code).toBe(65)
    expect(empty.summary.errors).toEqual([expect.objectContaining({ code: 'not-a-har', message: 'not a HAR file: its "log" has no "entries" list' })])
  }, 30_000)
})
