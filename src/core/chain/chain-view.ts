import { nanos } from './datetime-nanos.ts'
import { parseHeader } from './gap-facts.ts'
import type { GapFact } from './gap-facts.ts'
import { SortedSeqSet } from './sorted-seq-set.ts'
import { SEGMENT_SPAN, previousSegmentRange, segmentRangeFor } from './timemap-segment.ts'
import type { SegmentRange, TimeMapSegment } from './timemap-segment.ts'
import type { MementoRef, VersionHeader } from './version-header.ts'
import type { Datetime } from '../datetime.ts'

/** What is known about the unknown seqs between a point and the point below it. */
export interface GapInfo {
  /** Some header certified this stretch to be in datetime order, endpoints included. */
  sorted: boolean
  min?: bigint
  max?: bigint
}

export type NodeState = 'open' | 'fetched' | 'dead'

/** A version whose CID and datetime are known (from a link, a segment, or its own header). */
export interface ViewPoint extends MementoRef {
  ns: bigint
  state: NodeState
  /** The gap below this point, down to the next lower point. */
  below: GapInfo
  /** Bumped whenever `below` changes, so queued work about the old gap can be recognised as stale. */
  version: number
}

export interface SegmentRef extends SegmentRange {
  cid: string
  state: NodeState
}

/** A stretch of seqs with no known version, with the datetime bounds known for all of them. */
export interface Gap {
  upper: ViewPoint
  from: number
  to: number
  lo?: bigint
  hi?: bigint
}

/**
 * A reader's knowledge of one chain: known versions (points) and, between consecutive points, the
 * tightest bounds all fetched headers imply. Every fact a header states spans exactly from one of
 * its link targets to the next, and those targets become points first, so a gap between two
 * consecutive points is always covered by a fact entirely or not at all.
 */
export class ChainView {
  readonly points = new Map<number, ViewPoint>()
  readonly seqs = new SortedSeqSet()
  readonly open = new SortedSeqSet()
  /** Points with a non-empty gap below them: facts only need to visit these. */
  private readonly gapped = new SortedSeqSet()
  readonly segments = new Map<string, SegmentRef>()
  private readonly segmentsByBlock = new Map<number, SegmentRef[]>()
  /** Links or entries that named a different CID for a seq already known (first one wins). */
  conflicts = 0
  onPoint?: (p: ViewPoint) => void = undefined
  onGapChange?: (p: ViewPoint) => void = undefined

  constructor (private readonly withFacts = true) {}

  addPoint (ref: MementoRef, ns = nanos(ref.datetime)): ViewPoint | undefined {
    const existing = this.points.get(ref.seq)
    if (existing !== undefined) {
      if (existing.cid !== ref.cid) this.conflicts++
      return existing.cid === ref.cid ? existing : undefined
    }
    const upperSeq = this.seqs.successor(ref.seq)
    const upper = upperSeq === undefined ? undefined : this.points.get(upperSeq)
    const p: ViewPoint = {
      cid: ref.cid, datetime: ref.datetime, seq: ref.seq, ns, state: 'open',
      below: upper === undefined ? { sorted: false } : { ...upper.below },
      version: 0
    }
    this.points.set(p.seq, p)
    this.seqs.insert(p.seq)
    this.open.insert(p.seq)
    const predSeq = this.seqs.predecessor(p.seq) ?? -1
    if (p.seq - predSeq > 1) this.gapped.insert(p.seq)
    if (upperSeq !== undefined && upperSeq - p.seq === 1) this.gapped.delete(upperSeq)
    this.onPoint?.(p)
    this.onGapChange?.(p)
    if (upper !== undefined) {
      upper.version++
      this.onGapChange?.(upper)
    }
    return p
  }

  /** Adds a fetched header: itself, its links, its facts and its segment reference. */
  integrate (header: VersionHeader): ViewPoint | undefined {
    const self = this.addPoint(header)
    if (self === undefined) return undefined
    if (self.state === 'open') this.open.delete(self.seq)
    self.state = 'fetched'
    const parsed = parseHeader(header)
    for (const l of parsed.links) this.addPoint(l, l.ns)
    if (this.withFacts) for (const f of parsed.facts) this.applyFact(f)
    const seg = parsed.seg
    const range = segmentRangeFor(header.seq)
    if (seg !== undefined && range !== undefined) this.addSegmentRef(seg, range)
    return self
  }

  integrateSegment (ref: SegmentRef, segment: TimeMapSegment): void {
    ref.state = 'fetched'
    segment.entries.forEach((e, i) => this.addPoint({ cid: e.cid, datetime: e.datetime, seq: segment.start + i }))
    const range = previousSegmentRange(segment.start)
    if (segment.prev !== undefined && range !== undefined) this.addSegmentRef(segment.prev, range)
  }

  addSegmentRef (cid: string, range: SegmentRange): SegmentRef {
    const known = this.segments.get(cid)
    if (known !== undefined) return known
    const ref: SegmentRef = { cid, ...range, state: 'open' }
    this.segments.set(cid, ref)
    const block = Math.floor(range.start / SEGMENT_SPAN)
    const list = this.segmentsByBlock.get(block) ?? []
    list.push(ref)
    this.segmentsByBlock.set(block, list)
    return ref
  }

  /** An unread segment expected to list some seq in [from, to], preferring the highest coverage. */
  segmentFor (from: number, to: number): SegmentRef | undefined {
    for (let b = Math.floor(to / SEGMENT_SPAN); b >= Math.floor(from / SEGMENT_SPAN); b--) {
      let best: SegmentRef | undefined
      for (const r of this.segmentsByBlock.get(b) ?? []) {
        if (r.state !== 'open' || r.end < from || r.start > to) continue
        if (best === undefined || r.end > best.end) best = r
      }
      if (best !== undefined) return best
    }
    return undefined
  }

  private applyFact (f: GapFact): void {
    // a fact only describes whole gaps when both its ends are the points the header named
    if (this.points.get(f.lo.seq)?.cid !== f.lo.cid || this.points.get(f.hi.seq)?.cid !== f.hi.cid) return
    // callbacks only queue work, they never add points, so iterating the live set is safe
    for (const s of this.gapped.range(f.lo.seq + 1, f.hi.seq)) {
      const p = this.points.get(s) as ViewPoint
      const g = p.below
      let changed = false
      if (f.kind === 'sorted') {
        if (!g.sorted) { g.sorted = true; changed = true }
      } else {
        if (g.min === undefined || f.bounds.min > g.min) { g.min = f.bounds.min; changed = true }
        if (g.max === undefined || f.bounds.max < g.max) { g.max = f.bounds.max; changed = true }
      }
      if (changed) {
        p.version++
        this.onGapChange?.(p)
      }
    }
  }

  setState (p: ViewPoint, state: NodeState): void {
    if (p.state === 'open') this.open.delete(p.seq)
    p.state = state
  }

  /** The unknown seqs below `p`, with their bounds, or undefined when p's predecessor is adjacent. */
  gapBelow (p: ViewPoint): Gap | undefined {
    const predSeq = this.seqs.predecessor(p.seq)
    const from = predSeq === undefined ? 0 : predSeq + 1
    if (from > p.seq - 1) return undefined
    let lo = p.below.min
    let hi = p.below.max
    const pred = predSeq === undefined ? undefined : this.points.get(predSeq)
    if (p.below.sorted && pred !== undefined && pred.ns <= p.ns) {
      if (lo === undefined || pred.ns > lo) lo = pred.ns
      if (hi === undefined || p.ns < hi) hi = p.ns
    }
    if (lo !== undefined && hi !== undefined && lo > hi) {
      // contradictory facts (a lying header): assume nothing rather than prune on a falsehood
      lo = undefined
      hi = undefined
    }
    return { upper: p, from, to: p.seq - 1, lo, hi }
  }

  /** The lowest open point at or above `seq`: the node whose links reach down into a gap just below it. */
  openAtOrAbove (seq: number): ViewPoint | undefined {
    const s = this.open.has(seq) ? seq : this.open.successor(seq)
    return s === undefined ? undefined : this.points.get(s)
  }
}

export function refOf (p: { cid: string, datetime: Datetime, seq: number }): MementoRef {
  return { cid: p.cid, datetime: p.datetime, seq: p.seq }
}
