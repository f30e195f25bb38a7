import { describe, expect, it } from 'vitest'
import { KIND_BLOCK, KIND_TOMBSTONE, PACK_MAGIC, parseRecords, recordSize, writeRecord } from './pack-record.ts'

describe('pack records', () => {
  const cid = (n: number, length = 36): Uint8Array => Uint8Array.from({ length }, (_, i) => (n * 31 + i) & 0xff)
  const records = Array.from({ length: 5 }, (_, i) => ({ kind: i === 3 ? KIND_TOMBSTONE : KIND_BLOCK, cid: cid(i, i === 2 ? 38 : 36), time: 1_700_000_000_000 + i, data: new Uint8Array(i === 3 ? 0 : 100 * i).fill(i) }))
  const framed = (): Buffer => {
    const out = Buffer.alloc(records.reduce((n, r) => n + recordSize(r.cid.byteLength, r.data.byteLength), 0))
    let at = 0
    for (const r of records) at += writeRecord(out, at, r.kind, r.cid, r.time, r.data)
    return out
  }

  it('frame back to back and parse back to the same records, at their pack offsets', () => {
    const bytes = framed()
    const parsed = parseRecords(bytes, PACK_MAGIC.byteLength)
    expect(parsed.end).toBe(PACK_MAGIC.byteLength + bytes.byteLength)
    expect(parsed.stoppedAt).toBeUndefined()
    expect(parsed.records.map(r => ({ kind: r.kind, cid: [...r.cid], time: r.time, length: r.length })))
      .toEqual(records.map(r => ({ kind: r.kind, cid: [...r.cid], time: r.time, length: r.data.byteLength })))
    const second = parsed.records[1]
    expect(second == null ? undefined : [...bytes.subarray(second.dataOffset - PACK_MAGIC.byteLength, second.dataOffset - PACK_MAGIC.byteLength + second.length)]).toEqual([...(records[1]?.data ?? [])])
  })

  it('are believed up to the first damaged or cut one', () => {
    const bytes = framed()
    const third = parseRecords(bytes, 0).records[2]
    if (third == null) throw new Error('no third record')
    const damaged = Buffer.from(bytes)
    damaged[third.dataOffset + 5] = (damaged[third.dataOffset + 5] ?? 0) ^ 1
    expect(parseRecords(damaged, 0)).toMatchObject({ end: third.offset, stoppedAt: 'bad' })
    expect(parseRecords(damaged, 0).records).toHaveLength(2)
    const cut = parseRecords(bytes.subarray(0, third.dataOffset + 3), 0)
    expect(cut).toMatchObject({ end: third.offset, stoppedAt: 'short' })
  })
})
