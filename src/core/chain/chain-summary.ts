import type { Datetime } from '../datetime.ts'
import { tryNanos } from './datetime-nanos.ts'

export const CHAIN_SUMMARY_VERSION = 1

/**
 * What a linking policy writes into a header's `chain` field (docs/linking-policies.md).
 *
 * The header's structural links (every role but 'see-also'), sorted by seq, cut the seqs below it
 * into gaps. A gap is described by the link above it (its "upper" target):
 * - not mentioned: the versions from the lower target to the upper target, both included, are in
 *   datetime order (non-decreasing by seq), so every version in the gap lies between the two
 *   targets' datetimes;
 * - in `b`: the gap is out of order, and every version strictly inside it has min ≤ datetime ≤ max;
 * - in `u`: nothing is known about the gap.
 */
export interface ChainSummary {
  v: typeof CHAIN_SUMMARY_VERSION
  /** The policy that wrote the header (informative: readers only rely on the rules above). */
  p: string
  b?: Array<[upperSeq: number, min: Datetime, max: Datetime]>
  u?: number[]
  /** The CID of the newest TimeMap segment (timemap-segment.ts), when the policy writes them. */
  seg?: string
}

export interface DatetimeBounds {
  min: bigint
  max: bigint
  minDt: Datetime
  maxDt: Datetime
}

export interface ReadSummary {
  summary: ChainSummary
  bounds: Map<number, DatetimeBounds>
  unknown: Set<number>
}

const isSeq = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0

/**
 * The summary in a header's `chain` field, or undefined when there is none or it is malformed:
 * since silence means "in order", a summary that cannot be read entirely must not be trusted at all.
 */
export function readChainSummary (chain: unknown): ReadSummary | undefined {
  if (typeof chain !== 'object' || chain === null) return undefined
  const c = chain as Record<string, unknown>
  if (c.v !== CHAIN_SUMMARY_VERSION || typeof c.p !== 'string') return undefined
  if (c.seg !== undefined && typeof c.seg !== 'string') return undefined
  const bounds = new Map<number, DatetimeBounds>()
  const unknown = new Set<number>()
  if (c.b !== undefined) {
    if (!Array.isArray(c.b)) return undefined
    for (const entry of c.b as unknown[]) {
      if (!Array.isArray(entry) || entry.length !== 3 || !isSeq(entry[0])) return undefined
      const min = tryNanos(entry[1])
      const max = tryNanos(entry[2])
      if (min === undefined || max === undefined) return undefined
      if (min <= max) bounds.set(entry[0], { min, max, minDt: entry[1] as Datetime, maxDt: entry[2] as Datetime })
      else unknown.add(entry[0])
    }
  }
  if (c.u !== undefined) {
    if (!Array.isArray(c.u)) return undefined
    for (const s of c.u as unknown[]) {
      if (!isSeq(s)) return undefined
      unknown.add(s)
    }
  }
  return { summary: c as unknown as ChainSummary, bounds, unknown }
}
