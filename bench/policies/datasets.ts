import { fromEpochMs, toEpochMs } from '../../src/core/datetime.ts'
import { syntheticDatetime } from '../../src/core/chain/synthetic-datetime.ts'
import type { Datetime } from '../../src/core/datetime.ts'
import { seededRandom } from '../../src/core/chain/seeded-random.ts'

/**
 * Capture datetimes in append order.
 * - uniform: independent instants over ten years, appended chronologically;
 * - bursty: crawl bursts (a capture every few seconds to minutes) separated by months;
 * - dups: bursty, with 10% of captures at exactly the previous capture's instant;
 * - runs: uniform, cut into 10 ingest runs appended in random order (out of order across runs).
 */
export type DatasetKind = 'uniform' | 'bursty' | 'dups' | 'runs'

export const T0 = Date.UTC(2010, 0, 1)
export const SPAN = 10 * 365 * 86_400_000

export function captureTimes (kind: DatasetKind, n: number, seed: number): Datetime[] {
  const rnd = seededRandom(seed)
  let ms: number[] = []
  if (kind === 'uniform' || kind === 'runs') {
    for (let i = 0; i < n; i++) ms.push(T0 + Math.floor(rnd() * SPAN))
  } else {
    const bursts = Math.max(1, Math.ceil(n / 50))
    const centers = Array.from({ length: bursts }, () => T0 + Math.floor(rnd() * SPAN))
    for (let i = 0; i < n; i++) {
      if (kind === 'dups' && i > 0 && rnd() < 0.1) {
        ms.push(ms[i - 1] as number)
        continue
      }
      const c = centers[Math.floor(rnd() * bursts)] as number
      ms.push(c + Math.floor(-Math.log(1 - rnd()) * 600_000))
    }
  }
  ms.sort((a, b) => a - b)
  if (kind === 'runs') {
    const runs: number[][] = []
    for (let r = 0; r < 10; r++) runs.push(ms.slice(Math.floor(r * n / 10), Math.floor((r + 1) * n / 10)))
    ms = runs.map(run => [rnd(), run] as const).sort((a, b) => a[0] - b[0]).flatMap(x => x[1])
  }
  return ms.map(syntheticDatetime)
}


/** Query instants: 25% exact hits, 5% before the first capture, 5% after the last, the rest anywhere in between. */
export function queryTimes (captures: Datetime[], count: number, seed: number): Datetime[] {
  const rnd = seededRandom(seed)
  const ms = captures.map(toEpochMs)
  const lo = ms.reduce((a, b) => Math.min(a, b))
  const hi = ms.reduce((a, b) => Math.max(a, b))
  return Array.from({ length: count }, (_, i) => {
    const r = i % 20
    if (r < 5) return captures[Math.floor(rnd() * captures.length)] as Datetime
    if (r === 5) return fromEpochMs(lo - 1 - Math.floor(rnd() * 86_400_000 * 30))
    if (r === 6) return fromEpochMs(hi + 1 + Math.floor(rnd() * 86_400_000 * 30))
    return syntheticDatetime(lo + Math.floor(rnd() * (hi - lo + 1)))
  })
}
