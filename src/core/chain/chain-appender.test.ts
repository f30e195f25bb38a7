import { describe, expect, it } from 'vitest'
import { ChainAppender, appendVersion } from './chain-appender.ts'
import { readChainSummary } from './chain-summary.ts'
import { MemoryChainStore } from './memory-chain-store.ts'
import { powerOfTwoSegmentsPolicy, previousOnlyPolicy, lipmaaPolicy, randomLinksPolicy } from './policies.ts'
import { closest } from './resolve.ts'
import { SortedVersions } from './brute-force.ts'
import { nanos } from './datetime-nanos.ts'
import { seededRandom } from './seeded-random.ts'
import { decodeSegment } from './timemap-segment.ts'
import { CID } from 'multiformats/cid'
import { fromEpochMs } from '../datetime.ts'
import type { Datetime } from '../datetime.ts'
import { InvalidDatetimeError, InvalidInputError } from '../errors.ts'

function chronological (n: number, seed: number): Datetime[] {
  const rnd = seededRandom(seed)
  return Array.from({ length: n }, () => fromEpochMs(1_300_000_000_000 + Math.floor(rnd() * 3e11))).sort()
}

/** A store that records every CID read, to prove nothing is read twice. */
class RecordingStore extends MemoryChainStore {
  readonly seen: string[] = []
  override async header (cid: string): ReturnType<MemoryChainStore['header']> {
    this.seen.push(cid)
    return super.header(cid)
  }
}

describe('ChainAppender', () => {
  it('starts a chain with seq 0 and no links', async () => {
    const d = await appendVersion(new MemoryChainStore(), undefined, '2020-01-01T00:00:00Z')
    expect(d).toMatchObject({ seq: 0, links: [], chain: { v: 1, p: 'p2s' }, extraBlocks: [], fetches: 0 })
  })

  it('computes in a new run exactly what one long run wrote, within ⌈log₂N⌉ + 1 fetches', async () => {
    const store = new MemoryChainStore()
    const dts = chronological(700, 1)
    const headers = await store.appendAll(new ChainAppender(store, undefined), dts)
    for (let x = 1; x < headers.length; x += x < 80 ? 1 : 7) {
      const before = store.reads
      const d = await appendVersion(store, headers[x - 1], dts[x] as Datetime)
      const want = headers[x]
      expect(d.links).toEqual(want?.links)
      expect(d.chain).toEqual(want?.chain)
      expect(d.fetches).toBe(store.reads - before)
      expect(d.fetches).toBeLessThanOrEqual(Math.ceil(Math.log2(x + 1)) + 1)
      if (d.extraBlocks.length > 0) expect(d.extraBlocks[0]?.cid.toString()).toBe(readChainSummary(want?.chain)?.summary.seg)
    }
  })

  it('reads nothing twice in a run of 1,000 appends', async () => {
    const store = new RecordingStore()
    const dts = chronological(4000, 2)
    const old = await store.appendAll(new ChainAppender(store, undefined), dts.slice(0, 3000))
    store.seen.length = 0
    const blockReads = store.blockReads
    const appender = new ChainAppender(store, old[old.length - 1])
    await store.appendAll(appender, dts.slice(3000))
    expect(new Set(store.seen).size).toBe(store.seen.length)
    expect(appender.fetches).toBe(store.seen.length + store.blockReads - blockReads)
    expect(store.seen.length).toBeLessThan(1000 * 4)
  })

  it('links captures of one instant with see-also, in and out of order', async () => {
    const store = new MemoryChainStore()
    const t = ['2020-01-01T00:00:00Z', '2020-01-02T00:00:00.5Z', '2020-01-02T00:00:00.5Z', '2020-01-02T00:00:00.5Z', '2020-01-03T00:00:00Z', '2020-01-04T00:00:00Z']
    const appender = new ChainAppender(store, undefined)
    const hs = await store.appendAll(appender, t)
    const seeAlso = (i: number): number[] => (hs[i]?.links ?? []).filter(l => l.role === 'see-also').map(l => l.seq)
    expect([0, 1, 2, 3, 4, 5].map(seeAlso)).toEqual([[], [], [1], [2], [], []])
    // the same instant again, appended later: linked to the last capture at that instant
    const late = await store.appendAll(appender, ['2020-01-02T00:00:00.5Z', '2020-01-01T00:00:00Z', '2019-06-01T00:00:00Z'])
    expect(late.map(h => h.links.filter(l => l.role === 'see-also').map(l => l.seq))).toEqual([[3], [0], []])
  })

  it('rejects a datetime that is not one, and a commit with nothing prepared', async () => {
    const a = new ChainAppender(new MemoryChainStore(), undefined)
    await expect(a.prepare('2020-13-01T00:00:00Z')).rejects.toBeInstanceOf(InvalidDatetimeError)
    expect(() => a.commit('bafy')).toThrow(InvalidInputError)
  })

  it('routes around an unreachable skip target and marks its gap unknown', async () => {
    const store = new MemoryChainStore()
    const dts = chronological(41, 3)
    const hs = await store.appendAll(new ChainAppender(store, undefined), dts.slice(0, 40))
    store.unreachable.add(hs[32]?.cid as string)
    const d = await appendVersion(store, hs[39], dts[40] as Datetime)
    expect(d.links.map(l => l.seq)).toEqual([39, 38, 36, 32, 24, 8, 0])
    expect(d.chain.u).toEqual([32])
    const head = await store.store(d)
    const sorted = SortedVersions.of([...hs.filter(h => h.seq !== 32), head])
    const rnd = seededRandom(4)
    for (let i = 0; i < 300; i++) {
      const t = fromEpochMs(1_299_000_000_000 + Math.floor(rnd() * 3.1e11))
      const r = await closest(store, head.cid, t, { verify: true })
      expect(r.memento?.cid).toBe(sorted.closest(nanos(t))?.cid)
    }
  })

  it('writes a segment every 8 appends listing its block, chained to the previous block', async () => {
    const store = new MemoryChainStore()
    const hs = await store.appendAll(new ChainAppender(store, undefined, powerOfTwoSegmentsPolicy), chronological(200, 5))
    let cid = readChainSummary(hs[199]?.chain)?.summary.seg
    const covered: number[] = []
    while (cid !== undefined) {
      const seg = decodeSegment(await store.segmentStore.get(CID.parse(cid)))
      seg.entries.forEach((e, i) => {
        expect(e).toEqual({ cid: hs[seg.start + i]?.cid, datetime: hs[seg.start + i]?.datetime })
        covered.push(seg.start + i)
      })
      cid = seg.prev
    }
    expect(covered.sort((a, b) => a - b)).toEqual(Array.from({ length: 192 }, (_, i) => i))
    expect(store.segmentStore.size).toBe(24)
  })

  it('appends with every policy, whatever the order of datetimes', async () => {
    const rnd = seededRandom(6)
    for (const policy of [previousOnlyPolicy, lipmaaPolicy, randomLinksPolicy(3, 9), powerOfTwoSegmentsPolicy]) {
      const store = new MemoryChainStore()
      const dts = chronological(150, 7).sort(() => rnd() - 0.5)
      const hs = await store.appendAll(new ChainAppender(store, undefined, policy), dts)
      for (const h of hs) {
        expect(h.links.every(l => l.seq < h.seq)).toBe(true)
        if (h.seq > 0) expect(h.links.some(l => l.seq === h.seq - 1 && l.cid === hs[h.seq - 1]?.cid)).toBe(true)
        if (h.seq > 1) expect(h.links.some(l => l.seq === 0 && l.role === 'first')).toBe(true)
      }
    }
  })
})
