import { describe, expect, it } from 'vitest'
import { ChainAppender } from './chain-appender.ts'
import { MemoryChainStore } from './memory-chain-store.ts'
import {
  defaultPolicy, lipmaaPolicy, powerOfTwoPolicy, powerOfTwoSegmentsPolicy, previousOnlyPolicy, randomLinksPolicy
} from './policies.ts'
import type { LinkingPolicy } from './linking-policy.ts'
import { fromEpochMs } from '../datetime.ts'

const times = (n: number): string[] => Array.from({ length: n }, (_, i) => fromEpochMs(1_500_000_000_000 + i * 60_000))

async function linksOf (policy: LinkingPolicy, n: number, seq: number): Promise<Array<[number, string]>> {
  const store = new MemoryChainStore()
  const headers = await store.appendAll(new ChainAppender(store, undefined, policy), times(n))
  return (headers[seq]?.links ?? []).map(l => [l.seq, l.role])
}

describe('linking policies', () => {
  it('previous-only links prev and first', async () => {
    expect(await linksOf(previousOnlyPolicy, 10, 9)).toEqual([[8, 'prev'], [0, 'first']])
    expect(await linksOf(previousOnlyPolicy, 3, 1)).toEqual([[0, 'prev']])
    expect(await linksOf(previousOnlyPolicy, 3, 0)).toEqual([])
  })

  it('power-of-two links seq − 2^j for every 2^j ≤ seq, plus first', async () => {
    expect(await linksOf(powerOfTwoPolicy, 14, 13)).toEqual([[12, 'prev'], [11, 'skip'], [9, 'skip'], [5, 'skip'], [0, 'first']])
    expect(await linksOf(powerOfTwoPolicy, 17, 16)).toEqual([[15, 'prev'], [14, 'skip'], [12, 'skip'], [8, 'skip'], [0, 'first']])
    expect(powerOfTwoPolicy.skipTargets(1)).toEqual([])
    expect(powerOfTwoPolicy.skipTargets(100_000)).toHaveLength(16)
  })

  it('lipmaa links prev, the Bamboo skip target and first', async () => {
    // seq 12 is Bamboo entry 13, whose lipmaa target is entry 4 (seq 3)
    expect(await linksOf(lipmaaPolicy, 13, 12)).toEqual([[11, 'prev'], [3, 'skip'], [0, 'first']])
    // seq 5 is entry 6 → entry 5 (seq 4) = prev: one link per target
    expect(await linksOf(lipmaaPolicy, 6, 5)).toEqual([[4, 'prev'], [0, 'first']])
  })

  it('random links are k distinct seqs in 1…seq−2, the same for the same seq and seed', () => {
    const p = randomLinksPolicy(4, 7)
    for (let seq = 0; seq < 500; seq++) {
      const t = p.skipTargets(seq)
      expect(t).toEqual(p.skipTargets(seq))
      expect(new Set(t).size).toBe(Math.min(4, Math.max(0, seq - 2)))
      for (const s of t) expect(s >= 1 && s <= seq - 2).toBe(true)
    }
    expect(randomLinksPolicy(4, 8).skipTargets(400)).not.toEqual(p.skipTargets(400))
  })

  it('defaults to power-of-two with TimeMap segments', () => {
    expect(defaultPolicy).toBe(powerOfTwoSegmentsPolicy)
    expect(defaultPolicy.segments).toBe(true)
    expect(defaultPolicy.skipTargets(13)).toEqual(powerOfTwoPolicy.skipTargets(13))
  })
})
