import { describe, expect, it } from 'vitest'
import { encodeIndexEntries, KIND_BLOCK, KIND_TOMBSTONE, PACK_MAGIC, parseIndexEntries, recordSize, type RecordMeta } from './pack-record.ts'

describe('index entries', () => {
  const cid = (n: number, length = 36): Uint8Array => Uint8Array.from({ length }, (_, i) => (n * 31 + i) & 0xff)
  // consecutive records from the pack's start, as an index lists them
  const metas: RecordMeta[] = []
  let offset = PACK_MAGIC.byteLength
  for (let i = 0; i < 5; i++) {
    const meta = { kind: i === 3 ? KIND_TOMBSTONE : KIND_BLOCK, cid: cid(i, i === 2 ? 38 : 36), time: 1_700_000_000_000 + i, offset, length: i === 3 ? 0 : 100 * i }
    metas.push(meta)
    offset += recordSize(meta.cid.byteLength, meta.length)
  }

  it('encode back to back and parse back to the same records', () => {
    const bytes = encodeIndexEntries(metas)
    const parsed = parseIndexEntries(bytes)
    expect(parsed.bytes).toBe(bytes.byteLength)
    expect(parsed.end).toBe(offset)
    expect(parsed.records.map(r => ({ kind: r.kind, cid: [...r.cid], time: r.time, offset: r.offset, length: r.length })))
      .toEqual(metas.map(m => ({ ...m, cid: [...m.cid] })))
  })

  it('are believed up to the first damaged one', () => {
    const bytes = encodeIndexEntries(metas)
    const third = parseIndexEntries(bytes).records[2]
    if (third == null) throw new Error('no third record')
    const damaged = encodeIndexEntries(metas.slice(0, 2)).byteLength + 30
    bytes[damaged] = (bytes[damaged] ?? 0) ^ 1
    const parsed = parseIndexEntries(bytes)
    expect(parsed.records).toHaveLength(2)
    expect(parsed.end).toBe(third.offset)
  })
})
