import { nanos } from './datetime-nanos.ts'
import { parseHeader } from './gap-facts.ts'
import type { GapFact } from './gap-facts.ts'
import type { VersionHeader } from './version-header.ts'
import type { Datetime } from '../datetime.ts'

/** A version (or link target) with its datetime in epoch nanoseconds. */
export interface TimedRef {
  seq: number
  datetime: Datetime
  ns: bigint
}

/** What is known about the versions strictly between `lo` and an upper version. */
export interface RangeSummary {
  /** lo, every version in between, and the upper version are in datetime order. */
  sorted: boolean
  /** Some bound is known for every version in between (always true when sorted). */
  known: boolean
  min?: { ns: bigint, datetime: Datetime }
  max?: { ns: bigint, datetime: Datetime }
}

/**
 * Summarizes the seqs strictly between `lo` and `upper` from `upper`'s header alone: its links
 * and the facts its own summary states about the gaps between them. This is how an appender
 * describes a new version's gap without reading the versions inside it.
 */
export function rangeSummary (upper: VersionHeader, lo: TimedRef): RangeSummary {
  const facts = new Map<number, GapFact>()
  const { targets, facts: list } = parseHeader(upper)
  for (const f of list) facts.set(f.hi.seq, f)
  const out: RangeSummary = { sorted: true, known: true }
  const widen = (ns: bigint, datetime: Datetime): void => {
    if (out.min === undefined || ns < out.min.ns) out.min = { ns, datetime }
    if (out.max === undefined || ns > out.max.ns) out.max = { ns, datetime }
  }
  // The versions strictly between `below` and `above`, where `below` may sit inside a gap of upper's.
  const between = (below: TimedRef, above: TimedRef, gapLo: number): void => {
    if (above.seq - below.seq < 2 && above.seq - gapLo < 2) {
      if (below.ns > above.ns) out.sorted = false
      return
    }
    const f = facts.get(above.seq)
    if (f === undefined || f.lo.seq !== gapLo) {
      out.sorted = false
      out.known = false
    } else if (f.kind === 'sorted' && below.ns <= above.ns) {
      widen(below.ns, below.datetime)
      widen(above.ns, above.datetime)
    } else if (f.kind === 'sorted') {
      out.sorted = false
      widen(f.lo.ns, f.lo.datetime)
      widen(above.ns, above.datetime)
    } else {
      out.sorted = false
      widen(f.bounds.min, f.bounds.minDt)
      widen(f.bounds.max, f.bounds.maxDt)
    }
  }
  let cur: TimedRef = { seq: upper.seq, datetime: upper.datetime, ns: nanos(upper.datetime) }
  for (const t of targets) {
    if (t.seq > lo.seq) {
      between(t, cur, t.seq)
      widen(t.ns, t.datetime)
      cur = t
    } else {
      // lo is upper's target itself, or lies inside the gap between t and cur
      between(lo, cur, t.seq)
      return out
    }
  }
  // upper's links stop above lo: nothing is known about the rest
  return { sorted: false, known: false }
}
