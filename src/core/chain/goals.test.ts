import { describe, expect, it } from 'vitest'
import { afterGoal, beforeGoal, closestGoal, compareRank, exactGoal, firstGoal, latestGoal } from './goals.ts'
import type { Goal, Rank } from './goals.ts'
import { seededRandom } from './seeded-random.ts'

// The bound of a gap must be exactly the least rank over every (datetime, seq) the gap allows.
function enumerated (goal: Goal, lo: number, hi: number, from: number, to: number): Rank | undefined {
  let best: Rank | undefined
  for (let d = lo; d <= hi; d++) {
    for (let s = from; s <= to; s++) {
      const r = goal.rank(BigInt(d), s)
      if (r !== undefined && (best === undefined || compareRank(r, best) < 0)) best = r
    }
  }
  return best
}

describe('goal bounds', () => {
  it('equal the least rank over all datetimes and seqs a gap allows', () => {
    const rnd = seededRandom(5)
    const pick = (n: number): number => Math.floor(rnd() * n)
    for (let i = 0; i < 3000; i++) {
      const lo = pick(12)
      const hi = lo + pick(6)
      const from = pick(10)
      const to = from + pick(4)
      const k = BigInt(pick(20))
      const ks = pick(15)
      const goals: Goal[] = [closestGoal(k), firstGoal, latestGoal, beforeGoal(k, ks), afterGoal(k, ks), exactGoal(k)]
      for (const g of goals) {
        const want = enumerated(g, lo, hi, from, to)
        const got = g.bound(BigInt(lo), BigInt(hi), from, to)
        expect(got === undefined ? undefined : [...got]).toEqual(want === undefined ? undefined : [...want])
      }
    }
  })

  it('are never above any rank when a side is unbounded', () => {
    const g = closestGoal(100n)
    const b = g.bound(undefined, undefined, 3, 9) as Rank
    for (const d of [0n, 99n, 100n, 101n, 1000n]) {
      for (const s of [3, 9]) expect(compareRank(b, g.rank(d, s) as Rank)).toBeLessThanOrEqual(0)
    }
  })
})

describe('closest tie rule', () => {
  const g = closestGoal(10n)
  const best = (...vs: Array<[number, number]>): [number, number] =>
    vs.reduce((a, b) => compareRank(g.rank(BigInt(b[0]), b[1]) as Rank, g.rank(BigInt(a[0]), a[1]) as Rank) < 0 ? b : a)

  it('prefers the earlier capture on equal distance', () => {
    expect(best([8, 5], [12, 1])).toEqual([8, 5])
  })

  it('at one instant, prefers the first appended on either side of t (a later arrival never takes over a URI-M)', () => {
    expect(best([10, 1], [10, 4])).toEqual([10, 1])
    expect(best([10, 4], [10, 1])).toEqual([10, 1])
    expect(best([9, 1], [9, 4])).toEqual([9, 1])
    expect(best([11, 4], [11, 1])).toEqual([11, 1])
  })
})
