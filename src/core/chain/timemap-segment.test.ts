import * as dagCbor from '@ipld/dag-cbor'
import { describe, expect, it } from 'vitest'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import * as raw from 'multiformats/codecs/raw'
import { decodeSegment, encodeSegment, previousSegmentRange, segmentRangeFor, writesSegment } from './timemap-segment.ts'

const cidOf = async (s: string): Promise<string> =>
  CID.create(1, raw.code, await sha256.digest(new TextEncoder().encode(s))).toString()

describe('TimeMap segments', () => {
  it('round-trip through dag-cbor with CIDs as links', async () => {
    const entries = await Promise.all([0, 1, 2].map(async i => ({ cid: await cidOf(`v${i}`), datetime: `2020-01-0${i + 1}T00:00:00.5Z` })))
    const seg = { start: 128, entries, prev: await cidOf('prev') }
    const { cid, bytes } = await encodeSegment(seg)
    expect(cid.code).toBe(dagCbor.code)
    expect(decodeSegment(bytes)).toEqual(seg)
    const node = dagCbor.decode<{ entries: unknown[][] }>(bytes)
    expect(CID.asCID(node.entries[0]?.[0])).not.toBeNull()
  })

  it('rejects what is not a segment', async () => {
    expect(() => decodeSegment(new Uint8Array([1, 2, 3]))).toThrow(/InvalidChainError|dag-cbor/)
    expect(() => decodeSegment(dagCbor.encode({ v: 2, start: 0, entries: [] }))).toThrow(/version/)
    const c = CID.parse(await cidOf('x'))
    expect(() => decodeSegment(dagCbor.encode({ v: 1, start: 60, entries: [0, 1, 2, 3, 4].map(() => [c, '2020-01-01T00:00:00Z']) }))).toThrow(/block/)
    expect(() => decodeSegment(dagCbor.encode({ v: 1, start: 0, entries: [[c, 'yesterday']] }))).toThrow(/entry/)
  })

  it('are written every 8 appends and cover their block up to there', () => {
    expect([0, 7, 8, 9, 64, 72].map(writesSegment)).toEqual([false, false, true, false, true, true])
    expect(segmentRangeFor(7)).toBeUndefined()
    expect(segmentRangeFor(8)).toEqual({ start: 0, end: 7 })
    expect(segmentRangeFor(70)).toEqual({ start: 0, end: 63 })
    expect(segmentRangeFor(79)).toEqual({ start: 64, end: 71 })
    expect(previousSegmentRange(64)).toEqual({ start: 0, end: 63 })
    expect(previousSegmentRange(0)).toBeUndefined()
  })
})
