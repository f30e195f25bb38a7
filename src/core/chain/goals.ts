/**
 * What a lookup minimizes. A rank is compared lexicographically; the answer is the version of
 * least rank. `bound` gives the least rank any version could have inside a gap whose datetimes lie
 * in [lo, hi] (undefined = unbounded) and whose seqs lie in [from, to]; undefined when no version
 * there could qualify. Datetimes are epoch nanoseconds.
 */
export type Rank = readonly bigint[]

export interface Goal {
  rank (ns: bigint, seq: number): Rank | undefined
  bound (lo: bigint | undefined, hi: bigint | undefined, from: number, to: number): Rank | undefined
}

export function compareRank (a: Rank, b: Rank): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a[i] as bigint
    const y = b[i] as bigint
    if (x !== y) return x < y ? -1 : 1
  }
  return a.length - b.length
}

const big = BigInt

/**
 * The nearest version to t: the nearest in time; on equal distance the one at or before t. Among
 * versions at one instant the first appended wins, on either side: a capture that arrives later at the
 * very datetime of an existing one (which then share one URI-M) never changes what that URI-M replays,
 * so a shared link keeps its meaning. The later one is reached through prev/next, the TimeMap and its
 * see-also link.
 */
export function closestGoal (t: bigint): Goal {
  return {
    rank: (ns, seq) => ns <= t ? [t - ns, 0n, big(seq)] : [ns - t, 1n, big(seq)],
    bound (lo, hi, from, _to) {
      let best: Rank | undefined
      if (lo === undefined || lo <= t) best = [hi === undefined || hi >= t ? 0n : t - hi, 0n, big(from)]
      if (hi === undefined || hi > t) {
        const after: Rank = [(lo === undefined || lo <= t ? t + 1n : lo) - t, 1n, big(from)]
        if (best === undefined || compareRank(after, best) < 0) best = after
      }
      return best
    }
  }
}

/** The earliest version; among equal datetimes the first appended. */
export const firstGoal: Goal = {
  rank: (ns, seq) => [ns, big(seq)],
  bound: (lo, _hi, from) => lo === undefined ? [-(2n ** 200n), big(from)] : [lo, big(from)]
}

/**
 * The latest version; among equal datetimes the first appended, the one that instant's URI-M
 * replays (closestGoal), so `last` and the memento it names agree.
 */
export const latestGoal: Goal = {
  rank: (ns, seq) => [-ns, big(seq)],
  bound: (_lo, hi, from) => hi === undefined ? [-(2n ** 200n), big(from)] : [-hi, big(from)]
}

/** The version just before (kn, ks) in (datetime, seq) order. */
export function beforeGoal (kn: bigint, ks: number): Goal {
  const k = big(ks)
  return {
    rank: (ns, seq) => ns < kn || (ns === kn && big(seq) < k) ? [-ns, -big(seq)] : undefined,
    bound (lo, hi, from, to) {
      if (lo !== undefined && (lo > kn || (lo === kn && from >= ks))) return undefined
      if (hi !== undefined && hi < kn) return [-hi, -big(to)]
      if (from < ks) return [-kn, -big(Math.min(to, ks - 1))]
      return [-(kn - 1n), -big(to)]
    }
  }
}

/** The version just after (kn, ks) in (datetime, seq) order. */
export function afterGoal (kn: bigint, ks: number): Goal {
  const k = big(ks)
  return {
    rank: (ns, seq) => ns > kn || (ns === kn && big(seq) > k) ? [ns, big(seq)] : undefined,
    bound (lo, hi, from, to) {
      if (hi !== undefined && (hi < kn || (hi === kn && to <= ks))) return undefined
      if (lo !== undefined && lo > kn) return [lo, big(from)]
      if (to > ks) return [kn, big(Math.max(from, ks + 1))]
      return [kn + 1n, big(from)]
    }
  }
}

/** A version at exactly t; among several, the last appended. */
export function exactGoal (t: bigint): Goal {
  return {
    rank: (ns, seq) => ns === t ? [-big(seq)] : undefined,
    bound: (lo, hi, _from, to) => (lo === undefined || lo <= t) && (hi === undefined || hi >= t) ? [-big(to)] : undefined
  }
}
