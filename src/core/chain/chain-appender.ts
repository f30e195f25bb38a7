import { CID } from 'multiformats/cid'
import type { ChainSummary } from './chain-summary.ts'
import { CHAIN_SUMMARY_VERSION, readChainSummary } from './chain-summary.ts'
import { nanos, tryNanos } from './datetime-nanos.ts'
import { parseHeader } from './gap-facts.ts'
import { exactGoal } from './goals.ts'
import type { ChainSource, FetchOptions } from './header-source.ts'
import type { LinkingPolicy } from './linking-policy.ts'
import { defaultPolicy } from './policies.ts'
import { rangeSummary } from './range-summary.ts'
import { searchChain } from './search-chain.ts'
import { SortedSeqSet } from './sorted-seq-set.ts'
import { SEGMENT_SPAN, SEGMENT_STEP, decodeSegment, encodeSegment, writesSegment } from './timemap-segment.ts'
import type { TimeMapSegment } from './timemap-segment.ts'
import { ROLE_FIRST, ROLE_PREV, ROLE_SEE_ALSO, ROLE_SKIP } from './version-header.ts'
import type { MementoRef, VersionHeader, VersionLink } from './version-header.ts'
import { BlockNotFoundError, InvalidChainError, InvalidDatetimeError, InvalidInputError } from '../errors.ts'
import { parseIso } from '../datetime.ts'
import type { Datetime } from '../datetime.ts'

/** What the IPARO format needs to write the next version's header, and the extra blocks to store with it. */
export interface AppendDraft {
  seq: number
  datetime: Datetime
  links: VersionLink[]
  chain: ChainSummary
  /** TimeMap segments to store (dag-cbor) before or with the IPARO. */
  extraBlocks: Array<{ cid: CID, bytes: Uint8Array }>
  /** Header fetches and segment reads this append made (cached reads are free). */
  fetches: number
}

export interface PrepareOptions extends FetchOptions {
  sameInstant?: MementoRef | null
  /**
   * The URL has a version index, which answers lookups and lists the TimeMap: no TimeMap segment is
   * written, and the oldest gap (down to version 0) is left unknown instead of reading its upper
   * target's header. Saves the reads the index update needs (docs/linking-policies.md).
   */
  indexed?: boolean
}

/**
 * Appends versions to one URL's chain within one ingest run. Every header and segment it reads or
 * writes stays in memory, so a run never reads anything twice: appending 1,000 versions in a run
 * reads only what the first appends need from earlier runs.
 *
 *   const a = new ChainAppender(source, head)
 *   const draft = await a.prepare(datetime)   // links, chain, extra blocks
 *   a.commit(cidOfTheIparoBuiltFromDraft)     // the draft becomes the head
 */
export class ChainAppender {
  private head: VersionHeader | undefined = undefined
  private readonly headers = new Map<number, VersionHeader>()
  private readonly known = new Map<number, MementoRef>()
  private readonly seqOfCid = new Map<string, number>()
  private readonly unread = new SortedSeqSet()
  private readonly dead = new Set<string>()
  private readonly segments = new Map<string, TimeMapSegment>()
  private draft: AppendDraft | undefined = undefined
  /** Fetches made so far by this appender. */
  fetches = 0

  constructor (private readonly source: ChainSource, head: VersionHeader | undefined, readonly policy: LinkingPolicy = defaultPolicy) {
    if (head !== undefined) {
      if (tryNanos(head.datetime) === undefined || !Number.isSafeInteger(head.seq) || head.seq < 0) {
        throw new InvalidChainError(`head ${head.cid} has no valid seq and datetime`)
      }
      this.learn(head)
      this.head = head
    }
  }

  /**
   * Computes the next version's links and chain summary from the current head. `sameInstant` is the
   * last version appended at exactly `datetime` (null: none) when the caller knows it, e.g. from a
   * version index; otherwise it is looked for in what this appender has read.
   */
  async prepare (datetime: Datetime, options: PrepareOptions = {}): Promise<AppendDraft> {
    // the header keeps the datetime as given, so it must already be the one spelling of its instant
    if (parseIso(datetime) !== datetime) throw new InvalidDatetimeError(`not a normalized datetime: ${JSON.stringify(datetime)}`)
    const t = nanos(datetime)
    const before = this.fetches
    const head = this.head
    if (head === undefined) {
      this.draft = { seq: 0, datetime, links: [], chain: { v: CHAIN_SUMMARY_VERSION, p: this.policy.id }, extraBlocks: [], fetches: 0 }
      return this.draft
    }
    const seq = head.seq + 1
    const { links, bounds, unknown } = await this.structuralLinks(head, seq, options)

    const same = options.sameInstant !== undefined
      ? options.sameInstant ?? undefined
      : (await searchChain(this.cached(), head.cid, exactGoal(t), { signal: options.signal })).memento
    if (same !== undefined && same.seq < seq && nanos(same.datetime) === t) {
      links.push({ cid: same.cid, datetime: same.datetime, seq: same.seq, role: ROLE_SEE_ALSO })
    }

    const chain: ChainSummary = { v: CHAIN_SUMMARY_VERSION, p: this.policy.id }
    if (bounds.length > 0) chain.b = bounds
    if (unknown.length > 0) chain.u = unknown
    const extraBlocks: AppendDraft['extraBlocks'] = []
    const headSeg = readChainSummary(head.chain)?.summary.seg
    let seg = headSeg
    if (this.policy.segments && writesSegment(seq) && options.indexed !== true) {
      const written = await this.buildSegment(seq, headSeg, options)
      if (written !== undefined) {
        extraBlocks.push(written)
        seg = written.cid.toString()
      }
    }
    if (seg !== undefined && this.policy.segments) chain.seg = seg
    this.draft = { seq, datetime, links, chain, extraBlocks, fetches: this.fetches - before }
    return this.draft
  }

  /** The links to the policy's targets below `seq`, with the summary of each gap between them. */
  private async structuralLinks (head: VersionHeader, seq: number, options: PrepareOptions): Promise<{
    links: VersionLink[], bounds: NonNullable<ChainSummary['b']>, unknown: number[]
  }> {
    const targets = [...new Set([seq - 1, ...this.policy.skipTargets(seq), 0])]
      .filter(s => Number.isSafeInteger(s) && s >= 0 && s < seq)
      .sort((a, b) => b - a)
    const links: VersionLink[] = [linkTo(head, seq)]
    const bounds: NonNullable<ChainSummary['b']> = []
    const unknown: number[] = []
    let upper: MementoRef = head
    for (const s of targets.slice(1)) {
      // the upper target's header describes the gap below it; for power-of-two links it also names the next target
      const skipRead = s === 0 && options.indexed === true
      const upperHeader = upper.seq - s >= 2 && !skipRead ? await this.headerAt(upper, options) : undefined
      const ref = await this.locate(s, options)
      if (ref === undefined) {
        if (s === 0) throw new InvalidChainError(`cannot reach the first version of the chain headed by ${head.cid}`)
        continue
      }
      if (upper.seq - ref.seq >= 2) {
        const r = upperHeader === undefined
          ? undefined
          : rangeSummary(upperHeader, { seq: ref.seq, datetime: ref.datetime, ns: nanos(ref.datetime) })
        if (r === undefined || !r.known || r.min === undefined || r.max === undefined) unknown.push(upper.seq)
        else if (!r.sorted) bounds.push([upper.seq, r.min.datetime, r.max.datetime])
      }
      links.push(linkTo(ref, seq))
      upper = ref
    }
    return { links, bounds, unknown }
  }

  /** Records the prepared version, stored under `cid`, as the new head. */
  commit (cid: string): VersionHeader {
    const d = this.draft
    if (d === undefined) throw new InvalidInputError('commit() without a prepared version')
    const header: VersionHeader = { cid, datetime: d.datetime, seq: d.seq, links: d.links, chain: d.chain }
    this.learn(header)
    this.head = header
    this.draft = undefined
    return header
  }

  private learn (header: VersionHeader): void {
    this.headers.set(header.seq, header)
    this.remember(header)
    this.unread.delete(header.seq)
    for (const l of parseHeader(header).links) this.remember(l)
  }

  private remember (ref: MementoRef): void {
    if (this.known.has(ref.seq)) return
    this.known.set(ref.seq, { cid: ref.cid, datetime: ref.datetime, seq: ref.seq })
    this.seqOfCid.set(ref.cid, ref.seq)
    if (!this.headers.has(ref.seq)) this.unread.insert(ref.seq)
  }

  private async headerAt (ref: MementoRef, options: FetchOptions): Promise<VersionHeader | undefined> {
    const cached = this.headers.get(ref.seq)
    if (cached !== undefined && cached.cid === ref.cid) return cached
    if (this.dead.has(ref.cid)) return undefined
    this.fetches++
    try {
      const h = await this.source.header(ref.cid, options)
      if (h.seq === ref.seq && tryNanos(h.datetime) === nanos(ref.datetime)) {
        const header = { ...h, cid: ref.cid }
        this.learn(header)
        return header
      }
    } catch (err) {
      if (options.signal?.aborted === true) throw err
    }
    this.dead.add(ref.cid)
    this.unread.delete(ref.seq)
    return undefined
  }

  /** The version at `seq`: known from a link already, or found by reading down from the lowest unread version above it. */
  private async locate (seq: number, options: FetchOptions): Promise<MementoRef | undefined> {
    for (;;) {
      const ref = this.known.get(seq)
      if (ref !== undefined) return ref
      const above = this.unread.successor(seq)
      if (above === undefined) return undefined
      await this.headerAt(this.known.get(above) as MementoRef, options)
    }
  }

  private async readSegment (cid: string, options: FetchOptions): Promise<TimeMapSegment | undefined> {
    const cached = this.segments.get(cid)
    if (cached !== undefined || this.source.blocks === undefined || this.dead.has(cid)) return cached
    this.fetches++
    try {
      const seg = decodeSegment(await this.source.blocks.get(CID.parse(cid), options))
      this.segments.set(cid, seg)
      return seg
    } catch (err) {
      if (options.signal?.aborted === true) throw err
      this.dead.add(cid)
      return undefined
    }
  }

  /**
   * The segment for the block of seq − 1, listing its versions up to seq − 1: the previous
   * segment's entries (from the head's summary) plus the last 8 versions. Undefined when some
   * version cannot be reached: the new header then keeps naming the older segment.
   */
  private async buildSegment (seq: number, headSeg: string | undefined, options: FetchOptions): Promise<{ cid: CID, bytes: Uint8Array } | undefined> {
    const start = SEGMENT_SPAN * Math.floor((seq - 1) / SEGMENT_SPAN)
    const entries: TimeMapSegment['entries'] = []
    let prev: string | undefined
    let from = start
    if (headSeg !== undefined && seq - SEGMENT_STEP > start) {
      // the head names this block's segment so far
      const old = await this.readSegment(headSeg, options)
      if (old !== undefined && old.start === start) {
        prev = old.prev
        if (old.entries.length === seq - SEGMENT_STEP - start) {
          entries.push(...old.entries)
          from = seq - SEGMENT_STEP
        }
      }
    } else if (headSeg !== undefined && start > 0) {
      // the head (seq start + 7) names the previous block's complete segment
      prev = headSeg
    }
    if (prev === undefined && start > 0) {
      // the block's first version names the previous block's complete segment, written when it was appended
      const firstOfBlock = await this.locate(start, options)
      const h = firstOfBlock === undefined ? undefined : await this.headerAt(firstOfBlock, options)
      prev = readChainSummary(h?.chain)?.summary.seg
    }
    for (let s = from; s < seq; s++) {
      const ref = await this.locate(s, options)
      if (ref === undefined) return undefined
      entries.push({ cid: ref.cid, datetime: ref.datetime })
    }
    const segment: TimeMapSegment = prev === undefined ? { start, entries } : { start, entries, prev }
    const written = await encodeSegment(segment)
    this.segments.set(written.cid.toString(), segment)
    return written
  }

  /** This appender's memory as a source, so lookups during an append reuse (and add to) it. */
  private cached (): ChainSource {
    const source: ChainSource = {
      header: async (cid, options) => {
        const seq = this.seqOfCid.get(cid)
        const ref = seq === undefined ? undefined : this.known.get(seq)
        const h = ref === undefined ? undefined : await this.headerAt(ref, options ?? {})
        if (h === undefined) throw new BlockNotFoundError(cid)
        return h
      }
    }
    return source
  }
}

function linkTo (ref: MementoRef, seq: number): VersionLink {
  const role = ref.seq === seq - 1 ? ROLE_PREV : ref.seq === 0 ? ROLE_FIRST : ROLE_SKIP
  return { cid: ref.cid, datetime: ref.datetime, seq: ref.seq, role }
}

/** One append from a fresh state (a new run): the links and chain summary for the version after `head`. */
export async function appendVersion (
  source: ChainSource, head: VersionHeader | undefined, datetime: Datetime,
  policy: LinkingPolicy = defaultPolicy, options?: FetchOptions
): Promise<AppendDraft> {
  return new ChainAppender(source, head, policy).prepare(datetime, options)
}
