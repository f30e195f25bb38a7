import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readZipDirectory } from '../../core/files/zip-directory.ts'
import { responseRecord } from '../../core/replay/replay-test-support.ts'
import { indexWaczFile } from './index-warc-file.ts'
import { zipBytes } from './zip-bytes.test-support.ts'

const dir = mkdtempSync(join(tmpdir(), 'iparo-wacz-file-'))
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

const warc = new Uint8Array(responseRecord('http://a.test/', '2020-01-01T00:00:00Z', 'HTTP/1.1 200 OK\r\nContent-Type: text/plain', 'a'))
const pages = new TextEncoder().encode('{"format": "json-pages-1.0"}\n')

describe('a WACZ stored whole', () => {
  it('places each member\'s data from the central directory', async () => {
    const zip = zipBytes([{ name: 'pages/pages.jsonl', data: pages }, { name: 'archive/data.warc', data: warc }])
    const members = await readZipDirectory({ size: zip.length, read: async (o, l) => zip.subarray(o, o + l) })
    const member = members.find(m => m.name === 'archive/data.warc')
    expect(member?.method).toBe(0)
    expect(zip.subarray(member?.dataOffset, (member?.dataOffset ?? 0) + warc.length)).toEqual(warc)
  })

  it('indexes a stored WARC member by its offsets in the zip', async () => {
    const path = join(dir, 'stored.wacz')
    const zip = zipBytes([{ name: 'pages/pages.jsonl', data: pages }, { name: 'archive/data.warc', data: warc }])
    writeFileSync(path, zip)
    const entries = (await indexWaczFile(path)).builder.entries()
    expect(entries).toHaveLength(1)
    const at = entries[0]?.offset ?? -1
    expect(new TextDecoder().decode(zip.subarray(at, at + 8))).toBe('WARC/1.0')
    expect(entries[0]?.length).toBe(warc.length - 4)
  })

  it('refuses a WACZ whose WARC member is deflated, and one that is not a zip', async () => {
    const deflated = join(dir, 'deflated.wacz')
    writeFileSync(deflated, zipBytes([{ name: 'archive/data.warc', data: warc, method: 8 }]))
    await expect(indexWaczFile(deflated)).rejects.toThrow(/deflated inside the WACZ/)
    const notZip = join(dir, 'not.wacz')
    writeFileSync(notZip, warc)
    await expect(indexWaczFile(notZip)).rejects.toThrow(/not a readable zip/)
  })
})
