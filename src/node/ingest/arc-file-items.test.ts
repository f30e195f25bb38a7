import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { fixtureUrl } from '../../core/warc/fixtures.test-support.ts'
import { ingestJson, served } from '../cli/commands/ingest-command.test-support.ts'

const dir = mkdtempSync(join(tmpdir(), 'iparo-arc-ingest-'))
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })
let folders = 0
const dataFolder = (): string => join(dir, `data-${folders++}`)

const ARC = readFileSync(fixtureUrl('pywb/example.arc'))
/** The example.com response's payload as the ARC holds it: the 1270 bytes after its HTTP head. */
const payload = (): Buffer => {
  const head = ARC.indexOf('HTTP/1.1 200 OK')
  const body = ARC.indexOf('\r\n\r\n', head) + 4
  return ARC.subarray(body, body + 1270)
}
const REPLAY = '/default/20140216050221id_/http://example.com/'

describe('iparo ingest: ARC files (plain and gzipped), known by their bytes', () => {
  it('ingests example.arc and example.arc.gz to the same IPARO, replayed byte for byte', async () => {
    for (const name of ['pywb/example.arc', 'pywb/example.arc.gz']) {
      const data = dataFolder()
      const { code, summary } = await ingestJson(data, [fixtureUrl(name).pathname])
      expect(code, name).toBe(0)
      expect(summary, name).toMatchObject({ records: 2, mementos: 1, errors: [], warnings: [], skippedByReason: { warcinfo: 1 } })
      const [r] = await served(data, [REPLAY])
      expect(r?.status).toBe(200)
      expect(r?.body.equals(payload())).toBe(true)
    }
    const both = await ingestJson(dataFolder(), [fixtureUrl('pywb/example.arc').pathname, fixtureUrl('pywb/example.arc.gz').pathname])
    // the same records (IDs derived from the content) in both files: the second is a duplicate
    expect(both.summary).toMatchObject({ mementos: 1, duplicates: 1 })
  }, 30_000)

  it('garbage between records is an error at its offset in the file, the records around it are ingested, exit 65', async () => {
    const text = ARC.toString('latin1')
    const at = text.indexOf('http://example.com/ ')
    const junk = 'not an ARC header line at all\n'
    const path = join(dir, 'junk.arc.gz')
    // gzipped per record, as Heritrix writes .arc.gz; the junk in the second member, before the record
    const second = Buffer.from(junk + text.slice(at), 'latin1')
    const first = gzipSync(ARC.subarray(0, at))
    writeFileSync(path, Buffer.concat([first, gzipSync(second)]))
    const { code, summary } = await ingestJson(dataFolder(), [path])
    expect(code).toBe(65)
    expect(summary.mementos).toBe(1)
    expect(summary.errors).toEqual([expect.objectContaining({ code: 'arc-garbage', offset: first.length, message: expect.stringContaining(`${junk.length} bytes that are no ARC record`) as string })])
  }, 30_000)

  it('a damaged gzip member costs its record only: the records after it are ingested, the damage reported at the member', async () => {
    const record = (n: number): Buffer => {
      const http = `HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nrecord ${n} `.padEnd(2000, 'x')
      return Buffer.from(`http://a.test/${n} 10.0.0.1 2014021605022${n} text/plain ${http.length}\n${http}\n`, 'latin1')
    }
    const members = [0, 1, 2, 3].map(n => gzipSync(record(n), { level: 0 }))
    const damagedAt = (members[0]?.length ?? 0) + (members[1]?.length ?? 0)
    const middle = members[2] ?? Buffer.alloc(0)
    // noise in the middle of the third member's deflate data
    middle.fill(0x55, 200, 260)
    const path = join(dir, 'damaged.arc.gz')
    writeFileSync(path, Buffer.concat(members))
    const data = dataFolder()
    const { code, summary } = await ingestJson(data, [path])
    expect(code).toBe(65)
    expect(summary.mementos).toBe(3)
    expect(summary.errors).toEqual([expect.objectContaining({ code: 'gzip-damaged', offset: damagedAt })])
    const [last] = await served(data, ['/default/20140216050223id_/http://a.test/3'])
    expect(last?.body.toString('latin1')).toBe(`record 3 `.padEnd(2000 - 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n'.length, 'x'))
  }, 30_000)
})
