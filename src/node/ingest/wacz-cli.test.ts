import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildWacz, TEST_WARC } from '../../core/formats/wacz/wacz.test-support.ts'
import { ingestJson } from '../cli/commands/ingest-command.test-support.ts'
import { runCliCaptured } from '../cli/run-cli.test-support.ts'

const dir = mkdtempSync(join(tmpdir(), 'iparo-wacz-cli-'))
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })
let n = 0
const dataFolder = (): string => join(dir, `data-${n++}`)
const written = (name: string, bytes: Uint8Array): string => {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return path
}

interface WaczJson { wacz: Array<{ file: string, pages: number, signature: string, signer?: string }> }

describe('iparo ingest x.wacz', () => {
  it('reports each WACZ in --json (pages, signature, signer) and in the text summary', async () => {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign', 'verify'])
    const signed = written('signed.wacz', await buildWacz({ sign: keys }))
    const plain = written('plain.wacz', await buildWacz())
    const { code, summary } = await ingestJson(dataFolder(), [signed, plain])
    expect(code).toBe(0)
    expect(summary.mementos).toBe(3)
    expect((summary as unknown as WaczJson).wacz).toEqual([
      { file: signed, pages: 3, signature: 'valid', signer: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) as string },
      { file: plain, pages: 3, signature: 'absent' }
    ])
    const text = await runCliCaptured(['ingest', plain, '--data', dataFolder()])
    expect(text.out).toContain(`  wacz    ${plain}: 3 page(s), signature absent`)
  })

  it('fails (exit 65) on a WACZ with a changed WARC, naming the member, and ingests the intact ones', async () => {
    const tampered = written('tampered.wacz', await buildWacz({
      files: [['archive/a.warc', new TextEncoder().encode('WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n')], ['archive/b.warc', new Uint8Array(TEST_WARC)]],
      tamper: (files) => { const a = files.get('archive/a.warc'); if (a != null) a[0] = 0x58 }
    }))
    const { code, summary } = await ingestJson(dataFolder(), [tampered])
    expect(code).toBe(65)
    expect(summary.errors).toEqual([expect.objectContaining({ file: `${tampered}#archive/a.warc`, code: 'wacz-hash-mismatch' })])
    expect(summary.mementos).toBe(3)
  })

  it('fails (exit 65) on a WACZ cut short, with a clear message, and creates no archive', async () => {
    const whole = await buildWacz()
    const cut = written('cut.wacz', whole.subarray(0, Math.floor(whole.length * 0.8)))
    const { code, summary } = await ingestJson(dataFolder(), [cut])
    expect(code).toBe(65)
    expect(summary).toMatchObject({ records: 0, published: false, root: null })
    expect(summary.errors).toEqual([expect.objectContaining({ file: cut, code: 'zip-unreadable', message: expect.stringContaining('central directory') as string })])
  })
})
