import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { fixtureUrl } from '../core/warc/fixtures.test-support.ts'
import { readWarcRecords } from '../core/warc/index.ts'
import { openWarcFile } from './warc-file-source.ts'

const dir = mkdtempSync(join(tmpdir(), 'iparo-gzip-offsets-'))
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

/** Every record's ID, its offset in the stream, and where `locate` puts it in the file; and the problems. */
async function located (path: string): Promise<{ records: Array<{ id: string, offset: number, at: number, within: number }>, problems: Array<{ code: string, fileOffset?: number }> }> {
  const source = await openWarcFile(path)
  const records = []
  const problems = []
  try {
    for await (const event of readWarcRecords(source.chunks)) {
      if (event.kind === 'problem') {
        problems.push({ code: event.code, fileOffset: event.fileOffset })
        continue
      }
      const where = await source.locate(event.offset)
      records.push({ id: event.headers.get('WARC-Record-ID') ?? '?', offset: event.offset, ...where })
    }
  } finally {
    await source.close()
  }
  return { records, problems }
}

/**
 * The file offsets of a per-record .warc.gz's members, found independently of the code under test: a
 * member ends at the first gzip header bytes after it up to which the bytes gunzip whole (a false
 * header inside deflate data leaves a cut member, which does not).
 */
function memberStarts (bytes: Buffer): number[] {
  const magic = Buffer.from([0x1f, 0x8b, 0x08])
  const starts: number[] = []
  for (let at = 0; at < bytes.length;) {
    starts.push(at)
    for (let from = at + 18; ; from++) {
      const next = bytes.indexOf(magic, from)
      const end = next === -1 ? bytes.length : next
      try {
        gunzipSync(bytes.subarray(at, end))
      } catch {
        from = end
        continue
      }
      at = end
      break
    }
  }
  return starts
}

describe('GzipOffsets: stream offsets as offsets in the .warc.gz', () => {
  const original = readFileSync(fixtureUrl('pywb/iana.warc.gz'))
  const starts = memberStarts(original)

  it('per-record gzip: every record lies at the start of its own member', async () => {
    const { records, problems } = await located(fixtureUrl('pywb/iana.warc.gz').pathname)
    expect(problems).toEqual([])
    expect(records).toHaveLength(343)
    expect(records.map(r => r.at)).toEqual(starts)
    expect(records.every(r => r.within === 0)).toBe(true)
  })

  it('after damage, records are placed at their members in the damaged file too (the stream offsets skip what was dropped)', async () => {
    // 2 KB of noise at 300,000: the member at 198,285 is damaged, reading resumes at 315,451
    const path = join(dir, 'iana-damaged.warc.gz')
    copyFileSync(fixtureUrl('pywb/iana.warc.gz'), path)
    chmodSync(path, 0o644)
    const bytes = readFileSync(path)
    for (let i = 0; i < 2048; i++) bytes[300_000 + i] = (i * 131 + 7) & 0xff
    writeFileSync(path, bytes)
    const { records, problems } = await located(path)
    expect(problems).toEqual([{ code: 'gzip-damaged', fileOffset: 198_285 }])
    expect(records).toHaveLength(342)
    expect(records.map(r => r.at)).toEqual(starts.filter(s => s !== 198_285))
    expect(records.every(r => r.within === 0)).toBe(true)
  })

  it('whole-file gzip: one member at 0, and the place in what it inflates to', async () => {
    const path = join(dir, 'iana-whole.warc.gz')
    writeFileSync(path, gzipSync(gunzipSync(original)))
    const { records } = await located(path)
    expect(records).toHaveLength(343)
    expect(records.every(r => r.at === 0 && r.within === r.offset)).toBe(true)
  })

  it('answers offsets asked out of order, and a plain file is its own map', async () => {
    const source = await openWarcFile(fixtureUrl('pywb/iana.warc.gz').pathname)
    try {
      for await (const chunk of source.chunks) void chunk
      // the 18th record (the OpenSans-Bold.ttf response) starts 426,547 bytes into the stream
      expect(await source.locate(426_547 + 1000)).toEqual({ at: 198_285, within: 1000 })
      expect(await source.locate(0)).toEqual({ at: 0, within: 0 })
      expect(await source.locate(460)).toEqual({ at: 334, within: 0 })
    } finally {
      await source.close()
    }
    // questions asked at once are answered in turn, as if asked one by one
    const again = await openWarcFile(fixtureUrl('pywb/iana.warc.gz').pathname)
    try {
      expect(await Promise.all([8871, 460, 426_547 + 5, 651_845].map(async o => again.locate(o)))).toEqual([
        { at: 4009, within: 0 }, { at: 334, within: 0 }, { at: 198_285, within: 5 }, { at: 315_451, within: 0 }
      ])
    } finally {
      await again.close()
    }
    const plain = await openWarcFile(fixtureUrl('ipwb/frogTest.warc').pathname)
    for await (const chunk of plain.chunks) void chunk
    expect(await plain.locate(1365)).toEqual({ at: 1365, within: 0 })
  })
})
