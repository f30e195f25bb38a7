import { CID } from 'multiformats/cid'
import { BinaryHeap } from './binary-heap.ts'
import { ChainView, refOf } from './chain-view.ts'
import type { SegmentRef, ViewPoint } from './chain-view.ts'
import { tryNanos } from './datetime-nanos.ts'
import { compareRank } from './goals.ts'
import type { Goal, Rank } from './goals.ts'
import type { ChainSource } from './header-source.ts'
import { decodeSegment } from './timemap-segment.ts'
import type { MementoRef, VersionHeader } from './version-header.ts'

export interface SearchOptions {
  /** Stop after this many fetches (headers and segments, failed attempts included). */
  maxFetches?: number
  signal?: AbortSignal
  /** Fetch the answer's own header before returning it, and route around it when it is unreachable. */
  verify?: boolean
  /** Versions the caller already knows (e.g. the memento for prev/next); trusted like links. */
  hints?: MementoRef[]
}

export interface SearchResult {
  /** The answer, or undefined when no reachable version qualifies (or nothing could be read). */
  memento?: MementoRef
  /** Header fetches plus segment reads, the head's included. */
  fetches: number
  /** True when no version the search could not rule out could beat the answer. */
  complete: boolean
  /** CIDs whose fetch failed or returned a header that contradicts the link that named it. */
  unreachable: string[]
  /** Seq ranges that could still hold a better answer (unreachable from every known version, or budget). */
  unresolved: Array<{ from: number, to: number }>
  /** The head as read (undefined when the head itself is unreachable). */
  head?: MementoRef
}

interface Ranked { rank: Rank, p: ViewPoint, version: number }

/**
 * Reads each CID at most once (a lying link may name a CID already read under another seq) and
 * checks that the header is the version the link promised. `fetches` counts actual reads.
 */
export class CheckedFetcher {
  fetches = 0
  private readonly read = new Map<string, VersionHeader | undefined>()

  constructor (private readonly source: ChainSource, private readonly signal?: AbortSignal) {}

  async header (p: { cid: string, seq?: number, ns?: bigint }): Promise<VersionHeader | undefined> {
    if (!this.read.has(p.cid)) {
      this.fetches++
      this.read.set(p.cid, await fetchChecked(this.source, { cid: p.cid }, this.signal))
    }
    const h = this.read.get(p.cid)
    if (h === undefined || (p.seq !== undefined && (h.seq !== p.seq || tryNanos(h.datetime) !== p.ns))) return undefined
    return h
  }
}

/** Reads a header and checks it is the version the link promised. */
export async function fetchChecked (
  source: ChainSource, p: { cid: string, seq?: number, ns?: bigint }, signal?: AbortSignal
): Promise<VersionHeader | undefined> {
  let header: VersionHeader
  try {
    header = await source.header(p.cid, { signal })
  } catch (err) {
    if (signal?.aborted === true) throw err
    return undefined
  }
  if (typeof header !== 'object' || header === null || !Number.isSafeInteger(header.seq) || header.seq < 0) return undefined
  const ns = tryNanos(header.datetime)
  if (ns === undefined) return undefined
  if (p.seq !== undefined && (header.seq !== p.seq || ns !== p.ns)) return undefined
  // the same object when possible: parsed headers are cached per object
  return header.cid === p.cid ? header : { ...header, cid: p.cid }
}

/**
 * Branch and bound over one chain: find the version of least `goal` rank, fetching only the
 * headers whose gaps could still hold something better than the best version known. The gap
 * chosen is the most promising one; the header fetched for it is the lowest unread version at or
 * above it, which is the gap's own upper target when nothing is lost, and a detour otherwise.
 * When no header can reach a promising gap any more, TimeMap segments are tried; failing that the
 * gap is reported as unresolved. Every step fetches a new CID or gives up on a gap, so it ends.
 */
export async function searchChain (
  source: ChainSource, headCid: string, goal: Goal, options: SearchOptions = {}
): Promise<SearchResult> {
  const { signal, verify = false } = options
  const maxFetches = options.maxFetches ?? Number.POSITIVE_INFINITY
  const view = new ChainView(true)
  const unreachable: string[] = []
  const fetcher = new CheckedFetcher(source, signal)
  let segmentReads = 0
  const fetchCount = (): number => fetcher.fetches + segmentReads
  const points = new BinaryHeap<{ rank: Rank, p: ViewPoint }>((a, b) => compareRank(a.rank, b.rank) < 0)
  const gaps = new BinaryHeap<Ranked>((a, b) => compareRank(a.rank, b.rank) < 0)
  const queueGap = (p: ViewPoint): void => {
    const g = view.gapBelow(p)
    if (g === undefined) return
    const rank = goal.bound(g.lo, g.hi, g.from, g.to)
    if (rank !== undefined) gaps.push({ rank, p, version: p.version })
  }
  view.onPoint = p => {
    const rank = goal.rank(p.ns, p.seq)
    if (rank !== undefined) points.push({ rank, p })
  }
  view.onGapChange = queueGap

  const head = await fetcher.header({ cid: headCid })
  if (head === undefined) {
    return { fetches: fetchCount(), complete: false, unreachable: [headCid], unresolved: [] }
  }
  view.integrate(head)
  for (const h of options.hints ?? []) if (h.seq < head.seq && tryNanos(h.datetime) !== undefined) view.addPoint(h)

  const fetchNode = async (p: ViewPoint): Promise<boolean> => {
    const header = await fetcher.header(p)
    if (header === undefined) {
      view.setState(p, 'dead')
      unreachable.push(p.cid)
      return false
    }
    view.integrate(header)
    return true
  }
  const fetchSegment = async (ref: SegmentRef): Promise<boolean> => {
    segmentReads++
    try {
      const bytes = await (source.blocks as NonNullable<ChainSource['blocks']>).get(CID.parse(ref.cid), { signal })
      const segment = decodeSegment(bytes)
      segment.entries = segment.entries.slice(0, Math.max(0, head.seq - segment.start))
      view.integrateSegment(ref, segment)
      return true
    } catch (err) {
      if (signal?.aborted === true) throw err
      ref.state = 'dead'
      unreachable.push(ref.cid)
      return false
    }
  }
  const bestPoint = (): { rank: Rank, p: ViewPoint } | undefined => {
    for (;;) {
      const top = points.peek()
      if (top === undefined || top.p.state !== 'dead') return top
      points.pop()
    }
  }
  const bestGap = (): Ranked | undefined => {
    for (;;) {
      const top = gaps.peek()
      if (top === undefined || top.version === top.p.version) return top
      gaps.pop()
    }
  }

  let stuck: Ranked[] = []
  let outOfBudget = false
  for (;;) {
    signal?.throwIfAborted()
    const best = bestPoint()
    const gap = bestGap()
    if (gap !== undefined && (best === undefined || compareRank(gap.rank, best.rank) < 0)) {
      const g = view.gapBelow(gap.p)
      const node = view.openAtOrAbove(gap.p.seq)
      const seg = node !== undefined || source.blocks === undefined || g === undefined
        ? undefined
        : view.segmentFor(g.from, g.to) ?? view.segmentFor(g.to + 1, head.seq)
      if (node === undefined && seg === undefined) {
        stuck.push(gaps.pop() as Ranked)
        continue
      }
      if (fetchCount() >= maxFetches) { outOfBudget = true; break }
      const learned = node !== undefined ? await fetchNode(node) : await fetchSegment(seg as SegmentRef)
      if (learned && stuck.length > 0) {
        for (const s of stuck) gaps.push(s)
        stuck = []
      }
      continue
    }
    if (verify && best !== undefined && best.p.state === 'open') {
      if (fetchCount() >= maxFetches) { outOfBudget = true; break }
      await fetchNode(best.p)
      continue
    }
    break
  }

  const best = bestPoint()
  const unresolved: Array<{ from: number, to: number }> = []
  const pending = outOfBudget ? [...drain(gaps), ...stuck] : stuck
  for (const s of pending) {
    if (s.version !== s.p.version || (best !== undefined && compareRank(s.rank, best.rank) >= 0)) continue
    const g = view.gapBelow(s.p)
    if (g !== undefined) unresolved.push({ from: g.from, to: g.to })
  }
  unresolved.sort((a, b) => a.from - b.from)
  const result: SearchResult = {
    fetches: fetchCount(),
    complete: !outOfBudget && unresolved.length === 0 && !(verify && best !== undefined && best.p.state !== 'fetched'),
    unreachable,
    unresolved,
    head: refOf(head)
  }
  if (best !== undefined) result.memento = refOf(best.p)
  return result
}

function * drain (heap: BinaryHeap<Ranked>): Generator<Ranked> {
  for (let r = heap.pop(); r !== undefined; r = heap.pop()) yield r
}
