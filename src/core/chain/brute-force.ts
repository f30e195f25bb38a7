import { nanos } from './datetime-nanos.ts'
import { closestGoal, compareRank } from './goals.ts'
import type { Goal } from './goals.ts'
import type { MementoRef } from './version-header.ts'
import type { Datetime } from '../datetime.ts'

/** The version of least rank by scanning all of them: the reference every lookup must agree with. */
export function bruteForce (versions: MementoRef[], goal: Goal): MementoRef | undefined {
  let best: MementoRef | undefined
  let bestRank: readonly bigint[] | undefined
  for (const v of versions) {
    const r = goal.rank(nanos(v.datetime), v.seq)
    if (r !== undefined && (bestRank === undefined || compareRank(r, bestRank) < 0)) {
      best = v
      bestRank = r
    }
  }
  return best
}

export function bruteForceClosest (versions: MementoRef[], t: Datetime): MementoRef | undefined {
  return bruteForce(versions, closestGoal(nanos(t)))
}

/**
 * Closest by binary search over versions sorted by (datetime, seq): the same rule as
 * closestGoal, fast enough to check thousands of queries on 100k versions.
 */
export class SortedVersions {
  private readonly ns: bigint[]
  constructor (readonly sorted: MementoRef[]) {
    this.ns = sorted.map(v => nanos(v.datetime))
  }

  static of (versions: MementoRef[]): SortedVersions {
    const withNs = versions.map(v => ({ v, n: nanos(v.datetime) }))
    withNs.sort((a, b) => a.n < b.n ? -1 : a.n > b.n ? 1 : a.v.seq - b.v.seq)
    return new SortedVersions(withNs.map(x => x.v))
  }

  closest (t: bigint): MementoRef | undefined {
    let lo = 0
    let hi = this.ns.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((this.ns[mid] as bigint) <= t) lo = mid + 1
      else hi = mid
    }
    let before = lo - 1
    if (before < 0) return this.sorted[0]
    // among versions at one instant, the first appended (the lowest seq, sorted first)
    while (before > 0 && this.ns[before - 1] === this.ns[before]) before--
    if (lo >= this.sorted.length) return this.sorted[before]
    return t - (this.ns[before] as bigint) <= (this.ns[lo] as bigint) - t ? this.sorted[before] : this.sorted[lo]
  }
}
