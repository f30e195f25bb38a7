import { CID } from 'multiformats/cid'
import { ChainView, refOf } from './chain-view.ts'
import type { SegmentRef, ViewPoint } from './chain-view.ts'
import { compareDatetime } from '../datetime.ts'
import type { ChainSource } from './header-source.ts'
import { CheckedFetcher } from './search-chain.ts'
import { decodeSegment } from './timemap-segment.ts'
import type { MementoRef } from './version-header.ts'

export interface TimeMapOptions {
  /** Stop after this many fetches (headers and segments, failed attempts included). */
  maxFetches?: number
  signal?: AbortSignal
}

export interface TimeMapReport {
  /** Versions listed (CID and datetime known; their own IPARO may still be unreachable). */
  listed: number
  /** head.seq + 1: how many versions the chain holds. */
  expected: number
  complete: boolean
  /** Header fetches plus segment reads, the head's included. */
  fetches: number
  /** CIDs (IPAROs or segments) that could not be read. */
  unreachable: string[]
  /** Seq ranges with no listed version. */
  missing: Array<{ from: number, to: number }>
}

/** Entries arrive in discovery order (roughly newest block first); `report` settles when iteration ends. */
export interface TimeMapListing extends AsyncIterable<MementoRef> {
  readonly report: Promise<TimeMapReport>
}

/**
 * Lists every version of a chain. Gaps are filled from the top down: a TimeMap segment expected
 * to cover the gap if one is known (64 versions per read), else the lowest unread version at or
 * above the gap, whose links reach down into it. Gaps nothing can reach are reported as missing.
 */
export function timemap (source: ChainSource, head: string, options: TimeMapOptions = {}): TimeMapListing {
  let settle!: (r: TimeMapReport) => void
  let fail!: (err: unknown) => void
  const report = new Promise<TimeMapReport>((resolve, reject) => { settle = resolve; fail = reject })
  // unhandled if the caller only iterates: the error is thrown by the iteration too
  report.catch(() => {})
  const entries = list(source, head, options, settle)
  return {
    report,
    [Symbol.asyncIterator]: () => {
      const it = entries[Symbol.asyncIterator]()
      return {
        next: async () => {
          try {
            return await it.next()
          } catch (err) {
            fail(err)
            throw err
          }
        }
      }
    }
  }
}

/** The whole TimeMap in (datetime, seq) order, with its report. */
export async function collectTimeMap (
  source: ChainSource, head: string, options?: TimeMapOptions
): Promise<{ entries: MementoRef[], report: TimeMapReport }> {
  const listing = timemap(source, head, options)
  const entries: MementoRef[] = []
  for await (const e of listing) entries.push(e)
  entries.sort((a, b) => compareDatetime(a.datetime, b.datetime) || a.seq - b.seq)
  return { entries, report: await listing.report }
}

async function * list (
  source: ChainSource, headCid: string, options: TimeMapOptions, settle: (r: TimeMapReport) => void
): AsyncGenerator<MementoRef> {
  const { signal } = options
  const maxFetches = options.maxFetches ?? Number.POSITIVE_INFINITY
  const view = new ChainView(false)
  const fresh: ViewPoint[] = []
  view.onPoint = p => fresh.push(p)
  const unreachable: string[] = []
  const fetcher = new CheckedFetcher(source, signal)
  let segmentReads = 0
  const fetchCount = (): number => fetcher.fetches + segmentReads
  const head = await fetcher.header({ cid: headCid })
  if (head === undefined) {
    settle({ listed: 0, expected: 0, complete: false, fetches: fetchCount(), unreachable: [headCid], missing: [] })
    return
  }
  view.integrate(head)

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

  let outOfBudget = false
  // passes from the top down; another pass only when something was learned after a gap got stuck
  // (every pass that continues has fetched a new CID, so this ends)
  for (;;) {
    let learnedSinceStuck = false
    let stuck = false
    let cursor: number | undefined = head.seq
    while (cursor !== undefined && !outOfBudget) {
      yield * drain(fresh)
      signal?.throwIfAborted()
      const p = view.points.get(cursor) as ViewPoint
      const g = view.gapBelow(p)
      if (g === undefined) {
        cursor = view.seqs.predecessor(cursor)
        continue
      }
      const seg = source.blocks === undefined ? undefined : view.segmentFor(g.from, g.to)
      const node = seg === undefined ? view.openAtOrAbove(p.seq) : undefined
      if (seg === undefined && node === undefined) {
        stuck = true
        cursor = view.seqs.predecessor(cursor)
        continue
      }
      if (fetchCount() >= maxFetches) { outOfBudget = true; break }
      const learned = seg !== undefined ? await fetchSegment(seg) : await fetchNode(node as ViewPoint)
      if (learned && stuck) learnedSinceStuck = true
    }
    if (outOfBudget || !stuck || !learnedSinceStuck) break
  }
  yield * drain(fresh)

  const missing: Array<{ from: number, to: number }> = []
  for (const s of view.seqs.range(0, head.seq)) {
    const g = view.gapBelow(view.points.get(s) as ViewPoint)
    if (g !== undefined) missing.push({ from: g.from, to: g.to })
  }
  settle({
    listed: view.points.size,
    expected: head.seq + 1,
    complete: missing.length === 0,
    fetches: fetchCount(),
    unreachable,
    missing
  })
}

function * drain (fresh: ViewPoint[]): Generator<MementoRef> {
  for (const p of fresh.splice(0)) yield refOf(p)
}
