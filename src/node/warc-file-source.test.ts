import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { constants, gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { hashers, manifest } from '../core/archive/archive-test-support.ts'
import { ingestIntoArchive } from '../core/archive/ingest-into-archive.ts'
import { MemoryBlockStore } from '../core/blocks.ts'
import { fixtureUrl } from '../core/warc/fixtures.test-support.ts'
import type { IngestItem } from '../core/ingest/read-record-outcomes.ts'
import type { BlockSink } from '../core/iparo/kubo-import.ts'
import { readWarcRecords, type WarcProblem } from '../core/warc/index.ts'
import { warcFileItems } from './ingest/warc-file-items.ts'
import { openWarcFile } from './warc-file-source.ts'

const dir = mkdtempSync(join(tmpdir(), 'iparo-warc-gz-'))
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })
let files = 0

function file (parts: Uint8Array[]): string {
  const path = join(dir, `${files++}.warc.gz`)
  writeFileSync(path, Buffer.concat(parts))
  return path
}

/** Text that deflate cannot shrink much, so that a few thousand records span several MiB of gzip. */
function noise (seed: string, length: number): string {
  let out = ''
  for (let i = 0; out.length < length; i++) out += createHash('sha256').update(`${seed} ${i}`).digest('hex')
  return out.slice(0, length)
}

function record (id: string, content: string): Uint8Array {
  const head = ['WARC/1.0', 'WARC-Type: resource', `WARC-Record-ID: <urn:uuid:${id}>`, `WARC-Target-URI: http://example.com/${id}`,
    'WARC-Date: 2020-01-01T00:00:00Z', 'Content-Type: text/plain', `Content-Length: ${content.length}`]
  return Buffer.from(head.join('\r\n') + '\r\n\r\n' + content + '\r\n\r\n', 'latin1')
}

/** The records of 5mementos.warc, each as it stands in the file (one gzip member each). */
function fixtureRecords (): Uint8Array[] {
  const bytes = readFileSync(fixtureUrl('ipwb/5mementos.warc'))
  const text = bytes.toString('latin1')
  const starts = [...text.matchAll(/(?:^|\n)WARC\/1\.0/g)].map(m => m.index + (m[0].startsWith('\n') ? 1 : 0))
  return starts.map((s, i) => bytes.subarray(s, starts[i + 1] ?? bytes.length))
}

type Damage = 'bad-crc' | 'flip' | 'cut' | 'garbage-before' | 'zeros-before'

function damage (member: Uint8Array, how: Damage): Uint8Array {
  const b = Buffer.from(member)
  switch (how) {
    case 'bad-crc': b[b.length - 8] = (b[b.length - 8] ?? 0) ^ 0xff; return b
    case 'flip': for (let i = 12; i < b.length - 8; i += 7) b[i] = (b[i] ?? 0) ^ 0x5a; return b
    case 'cut': return b.subarray(0, b.length >> 1)
    case 'garbage-before': return Buffer.concat([Buffer.from('garbage, not gzip\r\n'), b])
    case 'zeros-before': return Buffer.concat([Buffer.alloc(3), Buffer.from('x'), b])
  }
}

/** Every record read (ID and whether its content is the original's) and every problem. */
async function read (path: string, originals?: Map<string, string>): Promise<{ ids: string[], problems: WarcProblem[] }> {
  const ids: string[] = []
  const problems: WarcProblem[] = []
  for await (const event of readWarcRecords((await openWarcFile(path)).chunks, { bufferLimit: 1 << 20 })) {
    if (event.kind === 'problem') {
      problems.push(event)
      continue
    }
    const pieces: Uint8Array[] = []
    for await (const p of event.body) pieces.push(p)
    const end = await event.end
    const id = event.headers.get('WARC-Record-ID')?.slice(10, -1) ?? '?'
    const content = Buffer.concat(pieces).toString('latin1')
    const expected = originals?.get(id)
    ids.push(`${id}${end.ok && (expected === undefined || expected === content) ? '' : ' (damaged)'}`)
  }
  return { ids, problems }
}

describe('openWarcFile: a damaged gzip member costs only itself', () => {
  it('5mementos.warc, gzip per record, a bad CRC in the last member: the seven records before it are ingested', async () => {
    const members = fixtureRecords().map(r => gzipSync(r))
    const path = file([...members.slice(0, -1), damage(members.at(-1) as Uint8Array, 'bad-crc')])
    const store = new MemoryBlockStore()
    const items = (sink: BlockSink): AsyncIterable<IngestItem> => warcFileItems(path, { file: '5mementos.warc.gz', sink, hashers, keepSecrets: false })
    const { summary } = await ingestIntoArchive({ store, from: { manifest }, hashers, sources: [{ name: '5mementos.warc.gz', items }] })
    expect(summary.records).toBe(members.length - 1)
    expect(summary.mementos).toBe(members.length - 2)
    const offset = members.slice(0, -1).reduce((n, m) => n + m.length, 0)
    // reported at the member's offset in the file, which the message repeats with the member's end
    expect(summary.errors).toEqual([expect.objectContaining({
      file: '5mementos.warc.gz', code: 'gzip-damaged', offset,
      message: expect.stringContaining(`at file offsets ${offset} to ${offset + (members.at(-1)?.length ?? 0)} (CRC-32 mismatch`)
    })])
  })

  for (const how of ['bad-crc', 'flip', 'cut', 'garbage-before', 'zeros-before'] as const) {
    it(`${how}: every record before and after the damaged member is read, and the damage reported once, where it is`, async () => {
      const records = fixtureRecords()
      const members = records.map(r => gzipSync(r))
      const k = 4
      const path = file([...members.slice(0, k), damage(members[k] as Uint8Array, how), ...members.slice(k + 1)])
      const { ids, problems } = await read(path)
      const all = records.map(r => /WARC-Record-ID: <urn:uuid:([^>]*)>/.exec(Buffer.from(r).toString('latin1'))?.[1])
      const lost = how === 'garbage-before' || how === 'zeros-before' ? [] : [k]
      expect(ids).toEqual(all.filter((_, i) => !lost.includes(i)))
      expect(problems).toHaveLength(1)
      expect(problems[0]).toMatchObject({ code: 'gzip-damaged', severity: 'error' })
      expect(problems[0]?.fileOffset).toBe(members.slice(0, k).reduce((n, m) => n + m.length, 0))
    })
  }

  it('damage deep in a large file, twice, and a damaged 3 MiB record: the native inflate resumes after each', async () => {
    const originals = new Map<string, string>()
    const parts: Uint8Array[] = []
    const expected: string[] = []
    const add = (id: string, content: string, how?: Damage): void => {
      originals.set(id, content)
      const member = gzipSync(record(id, content))
      parts.push(how == null ? member : damage(member, how))
      if (how == null || how === 'garbage-before') expected.push(id)
      // a record too large to buffer is passed on as it is read: it ends not ok when the damage shows
      else if (content.length > 1 << 20) expected.push(`${id} (damaged)`)
    }
    for (let i = 0; i < 3000; i++) {
      const how = i === 1500 ? 'bad-crc' : i === 2200 ? 'garbage-before' : i === 2600 ? 'flip' : undefined
      add(`r${i}`, noise(`r${i}`, 2000), how)
      if (i === 1000) add('big-intact', noise('big-intact', 3 << 20))
      if (i === 2000) add('big-damaged', noise('big-damaged', 3 << 20), 'bad-crc')
    }
    const path = file(parts)
    const { ids, problems } = await read(path, originals)
    expect(ids).toEqual(expected)
    expect(problems.map(p => p.code)).toEqual(['gzip-damaged', 'gzip-damaged', 'gzip-damaged', 'gzip-damaged'])
    expect(problems.map(p => p.fileOffset)).toEqual(
      ['r1500', 'big-damaged', 'r2200', 'r2600'].map(id => offsetOf(parts, [...originals.keys()].indexOf(id))))
  }, 60_000)

  it('whole-file gzip cut short: every record inflated whole before the cut is read, only the one it cuts is lost', async () => {
    const records = Array.from({ length: 2000 }, (_, i) => record(`w${i}`, noise(`w${i}`, 1500)))
    const whole = gzipSync(Buffer.concat(records))
    const cut = whole.subarray(0, Math.floor(whole.length * 0.7))
    const { ids, problems } = await read(file([cut]))
    // what a gunzip that keeps going until the cut gives: every record whose content it holds whole
    // (deflate data cut short is not corrupt: all it inflates to is what was written)
    const inflated = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).length
    let end = 0
    const complete = records.filter(r => { end += r.length; return end - 4 <= inflated }).length
    expect(complete).toBeGreaterThan(1000)
    expect(ids).toEqual(Array.from({ length: complete }, (_, i) => `w${i}`))
    expect(problems).toMatchObject([{ code: 'gzip-damaged', fileOffset: 0, message: expect.stringMatching(/^the file ends inside the gzip member at file offset 0 \(the file ends inside it\): what it inflated to before the cut is read; the record it cut \(http:\/\/example\.com\/w\d+\) is lost$/) }])
  })

  it('per-record gzip cut inside its last member: every record before it is read', async () => {
    const members = fixtureRecords().map(r => gzipSync(r))
    const last = members.at(-1) as Uint8Array
    const { ids, problems } = await read(file([...members.slice(0, -1), last.subarray(0, last.length - 20)]))
    expect(ids).toHaveLength(members.length - 1)
    expect(problems).toMatchObject([{ code: 'gzip-damaged', fileOffset: offsetOf(members, members.length - 1) }])
  })

  it('whole-file gzips concatenated, the first damaged: reading resumes with the second', async () => {
    const first = Array.from({ length: 500 }, (_, i) => record(`a${i}`, noise(`a${i}`, 1500)))
    const second = Array.from({ length: 500 }, (_, i) => record(`b${i}`, noise(`b${i}`, 1500)))
    const { ids, problems } = await read(file([damage(gzipSync(Buffer.concat(first)), 'bad-crc'), gzipSync(Buffer.concat(second))]))
    expect(ids.filter(id => id.startsWith('b'))).toEqual(Array.from({ length: 500 }, (_, i) => `b${i}`))
    expect(ids.every(id => !id.includes('damaged'))).toBe(true)
    expect(problems.map(p => p.code)).toEqual(['gzip-damaged'])
  })

  it('reads an intact file, per-record or whole-file gzip or none, exactly as before', async () => {
    const records = fixtureRecords()
    const ids = records.map(r => /WARC-Record-ID: <urn:uuid:([^>]*)>/.exec(Buffer.from(r).toString('latin1'))?.[1])
    for (const parts of [records.map(r => gzipSync(r)), [gzipSync(Buffer.concat(records))], [...records.map(r => gzipSync(r)), Buffer.alloc(20)]]) {
      expect(await read(file(parts))).toEqual({ ids, problems: [] })
    }
    const plain = join(dir, 'plain.warc')
    writeFileSync(plain, Buffer.concat(records))
    expect(await read(plain)).toEqual({ ids, problems: [] })
  })
})

/** The file offset of part `index` (garbage written before a member counts as its start: the damage is there). */
function offsetOf (parts: Uint8Array[], index: number): number {
  return parts.slice(0, index).reduce((n, p) => n + p.length, 0)
}
