import { describe, expect, it } from 'vitest'
import { ChainAppender } from './chain-appender.ts'
import { readChainSummary } from './chain-summary.ts'
import { MemoryChainStore } from './memory-chain-store.ts'
import { powerOfTwoSegmentsPolicy, previousOnlyPolicy } from './policies.ts'
import type { LinkingPolicy } from './linking-policy.ts'
import { seededRandom } from './seeded-random.ts'
import { collectTimeMap, timemap } from './timemap.ts'
import type { ChainSource } from './header-source.ts'
import type { MementoRef, VersionHeader } from './version-header.ts'
import { compareDatetime, fromEpochMs } from '../datetime.ts'

async function build (n: number, policy: LinkingPolicy = powerOfTwoSegmentsPolicy, seed = 1): Promise<{ store: MemoryChainStore, headers: VersionHeader[], head: VersionHeader }> {
  const rnd = seededRandom(seed)
  const ms: number[] = []
  for (let i = 0; i < n; i++) ms.push(i > 0 && rnd() < 0.1 ? ms[i - 1] as number : 1_400_000_000_000 + Math.floor(rnd() * 2e11))
  ms.sort((a, b) => a - b)
  const store = new MemoryChainStore()
  const headers = await store.appendAll(new ChainAppender(store, undefined, policy), ms.map(fromEpochMs))
  return { store, headers, head: headers[headers.length - 1] as VersionHeader }
}

const refs = (hs: MementoRef[]): MementoRef[] => hs
  .map(h => ({ cid: h.cid, datetime: h.datetime, seq: h.seq }))
  .sort((a, b) => compareDatetime(a.datetime, b.datetime) || a.seq - b.seq)

function loseAFraction (store: MemoryChainStore, headers: VersionHeader[], p: number, seed: number): void {
  const rnd = seededRandom(seed)
  for (const h of headers.slice(0, -1)) if (rnd() < p) store.unreachable.add(h.cid)
  for (const seg of new Set(headers.map(h => readChainSummary(h.chain)?.summary.seg))) {
    if (seg !== undefined && rnd() < p) store.unreachable.add(seg)
  }
}

describe('timemap', () => {
  it('lists every version in ⌈N/64⌉ + ⌈log₂N⌉ + 2 fetches or fewer', async () => {
    for (const n of [1, 2, 7, 8, 9, 63, 64, 65, 200, 1000, 4321]) {
      const { store, headers, head } = await build(n, powerOfTwoSegmentsPolicy, n)
      const { entries, report } = await collectTimeMap(store, head.cid)
      expect(entries).toEqual(refs(headers))
      expect(report).toMatchObject({ listed: n, expected: n, complete: true, unreachable: [], missing: [] })
      expect(report.fetches).toBe(store.reads)
      expect(report.fetches).toBeLessThanOrEqual(Math.ceil(n / 64) + Math.ceil(Math.log2(n)) + 2)
    }
  })

  it('walks headers when the source cannot read segments', async () => {
    const { store, headers, head } = await build(500)
    const headersOnly: ChainSource = { header: async (cid) => store.header(cid) }
    const { entries, report } = await collectTimeMap(headersOnly, head.cid)
    expect(entries).toEqual(refs(headers))
    expect(report.complete).toBe(true)
    expect(report.fetches).toBeGreaterThan(200)
  })

  it('still lists ≥ 99.9% of reachable versions with 30% of IPAROs and segments unreachable', async () => {
    const { store, headers, head } = await build(5000, powerOfTwoSegmentsPolicy, 3)
    loseAFraction(store, headers, 0.3, 4)
    const { entries, report } = await collectTimeMap(store, head.cid)
    const listed = new Set(entries.map(e => e.cid))
    const reachable = headers.filter(h => !store.unreachable.has(h.cid))
    expect(reachable.filter(h => listed.has(h.cid)).length / reachable.length).toBeGreaterThanOrEqual(0.999)
    for (const cid of report.unreachable) expect(store.unreachable.has(cid)).toBe(true)
    expect(report.listed).toBe(listed.size)
    const missing = report.missing.reduce((a, m) => a + m.to - m.from + 1, 0)
    expect(report.listed + missing).toBe(report.expected)
    expect(report.complete).toBe(missing === 0)
  })

  it('shows how little previous-only links keep at 5% loss', async () => {
    const { store, headers, head } = await build(10_000, previousOnlyPolicy, 5)
    loseAFraction(store, headers, 0.05, 6)
    const { report } = await collectTimeMap(store, head.cid)
    expect(report.complete).toBe(false)
    expect(report.listed / report.expected).toBeLessThanOrEqual(0.01)
    expect(report.missing.length).toBe(1)
  })

  it('stops at the fetch budget and reports what is missing', async () => {
    const { store, head } = await build(1000)
    const { report } = await collectTimeMap(store, head.cid, { maxFetches: 4 })
    expect(report.fetches).toBe(4)
    expect(report.complete).toBe(false)
    expect(report.listed).toBeLessThan(1000)
    expect(report.missing.length).toBeGreaterThan(0)
  })

  it('streams each version once and settles its report after the last one', async () => {
    const { store, head } = await build(300)
    const listing = timemap(store, head.cid)
    const seqs: number[] = []
    for await (const e of listing) seqs.push(e.seq)
    expect(new Set(seqs).size).toBe(300)
    expect(seqs[0]).toBe(299)
    await expect(listing.report).resolves.toMatchObject({ listed: 300, complete: true })
  })

  it('reports an unreachable head', async () => {
    const { store, head } = await build(10)
    store.unreachable.add(head.cid)
    const { entries, report } = await collectTimeMap(store, head.cid)
    expect(entries).toEqual([])
    expect(report).toMatchObject({ listed: 0, complete: false, unreachable: [head.cid] })
  })
})
