import { normalizeDigest } from '../iparo/digests.ts'
import type { PieceInput } from '../iparo/iparo-root.ts'
import { trailerPiece } from '../iparo/iparo-root.ts'
import { requestKey } from '../request-key.ts'
import { surt } from '../surt.ts'
import type { WarcProblem } from '../warc/index.ts'
import { buildMemento } from './build-memento.ts'
import { carriedParts } from './carried-header.ts'
import type { Capture, ProblemReport } from './capture.ts'
import type { DedupSink } from './dedup-sink.ts'
import { PendingRequests, type PendingRequest } from './pending-requests.ts'
import { readRecordOutcomes, type IngestItem } from './read-record-outcomes.ts'
import { WaczPages } from '../formats/wacz/wacz-pages.ts'
import type { IngestRunOptions, IngestSummary, OriginalRef, RunLimits } from './ingest-types.ts'
import { emptyListed, SummaryLists } from './summary-lists.ts'

export type { AppendResult, IngestProgress, IngestRunOptions, IngestSummary, MementoWriter, OriginalRef } from './ingest-types.ts'

/** A request is paired with a response read at most this many records before or after it. */
const PAIRING_WINDOW = 64
/**
 * What a run holds in memory at most:
 * - originals: keys of originals remembered for in-run revisit lookup (up to 3 per capture); older ones
 *   are found through the archive, where their captures are appended by then (the URL's chain is read);
 * - deferred: revisits waiting for an original that may come later in the run; past this many the
 *   oldest is settled at once (resolved if its original has come, else unresolved);
 * - pages: WACZ pages held for marking at the end of the run; past this many they are marked at once.
 */
export const RUN_LIMITS: RunLimits = { originals: 10_000, deferred: 1_000, pages: 50_000 }

/**
 * One ingest: any number of WARC streams appended to one archive. Captures flow through a small
 * window (to meet their request records), then revisits find their originals (in this run, else in
 * the archive, else at the end of the run), then batches go to the writer, which links and builds them.
 */
export class IngestRun {
  private trailer?: PieceInput = undefined
  private readonly window: Array<{ capture: Capture, at: number }> = []
  private readonly requests = new PendingRequests()
  /** the same requests in reading order, so expiry looks at the oldest only (not the whole map per record) */
  private readonly requestOrder: PendingRequest[] = []
  /** requests no response claimed within the pairing window */
  private unpaired = 0
  private readonly originals = new Map<string, OriginalRef>()
  private readonly deferred: Capture[] = []
  private ready: Capture[] = []
  private recordIndex = 0
  readonly summary: IngestSummary = emptySummary()
  private readonly lists: SummaryLists
  private readonly limits: RunLimits
  private readonly waczPages: WaczPages

  constructor (private readonly options: IngestRunOptions) {
    this.lists = new SummaryLists(this.summary, options.lists)
    this.limits = { ...RUN_LIMITS, ...options.limits }
    this.waczPages = new WaczPages(this.summary, warning => { this.lists.add('warnings', warning) })
  }

  private get sink (): DedupSink {
    return this.options.sink
  }

  /** Reads one (decompressed) WARC stream to its end. Bad records are reported, never fatal. */
  async addWarc (source: AsyncIterable<Uint8Array>, file: string): Promise<void> {
    const ctx = { file, sink: this.sink, hashers: this.options.hashers, keepSecrets: this.options.keepSecrets === true }
    await this.addItems(readRecordOutcomes(source, ctx), file)
  }

  /**
   * Takes one WARC's records already turned into items (by `readRecordOutcomes`, here or elsewhere):
   * each item's pieces must be in the sink before it is yielded.
   */
  async addItems (items: AsyncIterable<IngestItem>, file: string): Promise<void> {
    this.summary.files++
    let records = 0
    let offset = 0
    // a WACZ's items name the WARC inside it they come from
    let current = file
    for await (const item of items) {
      if (item.kind === 'source') current = item.file
      if (item.kind === 'pages' || item.kind === 'wacz') await this.takePages(item)
      if (item.kind === 'source' || item.kind === 'pages' || item.kind === 'wacz') continue
      if (item.kind === 'problem') {
        // problem offsets may be file offsets (compressed), not decompressed bytes read
        this.report(current, item)
        continue
      }
      records++
      this.summary.records++
      this.recordIndex++
      const outcome = item.outcome
      for (const problem of item.warnings) this.report(current, problem)
      offset = item.end
      switch (outcome.kind) {
        case 'capture':
          this.window.push({ capture: outcome.capture, at: this.recordIndex })
          break
        case 'request': {
          const entry = { request: outcome.request, at: this.recordIndex }
          this.requests.add(entry)
          this.requestOrder.push(entry)
          break
        }
        case 'skip':
          if (outcome.reason !== 'broken') this.skip(outcome.reason)
          break
        case 'error':
          this.lists.add('errors', { file: current, offset: item.offset, code: outcome.code, message: outcome.message, recordId: item.recordId, uri: item.uri })
      }
      await this.advance(this.recordIndex - PAIRING_WINDOW)
      this.options.onProgress?.({ file, records, offset })
    }
    this.summary.bytes += offset
  }

  /** Flushes everything: pairs the last captures, resolves deferred revisits, appends, returns the summary. */
  async finish (): Promise<IngestSummary> {
    await this.advance(Infinity)
    for (const capture of this.deferred.splice(0)) await this.settle(capture)
    await this.flush()
    await this.waczPages.mark(this.options.writer.markPages?.bind(this.options.writer))
    await this.sink.drain()
    this.skip('request without response', this.unpaired)
    Object.assign(this.summary, {
      newBlocks: this.sink.stats.newBlocks, newBytes: this.sink.stats.newBytes,
      dedupBlocks: this.sink.stats.dedupBlocks, dedupBytes: this.sink.stats.dedupBytes
    })
    return this.summary
  }

  /**
   * A WACZ's pages come after its WARCs: they are held until the end of the run (a page's capture may
   * be in a later file), unless there are so many that they are marked now, once what was read is in.
   */
  private async takePages (item: Extract<IngestItem, { kind: 'pages' | 'wacz' }>): Promise<void> {
    this.waczPages.take(item)
    if (this.waczPages.size < this.limits.pages) return
    await this.advance(Infinity)
    await this.flush()
    await this.waczPages.mark(this.options.writer.markPages?.bind(this.options.writer))
  }

  private report (file: string, problem: WarcProblem): void {
    const entry: ProblemReport = { file, offset: problem.offset, code: problem.code, message: problem.message }
    if (problem.recordId != null) entry.recordId = problem.recordId
    if (problem.targetUri != null) entry.uri = problem.targetUri
    this.lists.add(problem.severity === 'error' ? 'errors' : 'warnings', entry)
  }

  private skip (reason: string, count = 1): void {
    if (count === 0) return
    this.summary.skipped += count
    this.summary.skippedByReason[reason] = (this.summary.skippedByReason[reason] ?? 0) + count
  }

  /** Moves captures read before `upTo` out of the pairing window. */
  private async advance (upTo: number): Promise<void> {
    while (this.window.length > 0 && (this.window[0]?.at ?? Infinity) <= upTo) {
      const entry = this.window.shift()
      if (entry == null) break
      const capture = entry.capture
      capture.request = this.requests.take(capture)
      // A POST (or any method but GET) is its own resource: keyed by method and body, beside the URL's GET key.
      const method = capture.request?.method
      if (method != null && method.toUpperCase() !== 'GET') capture.key = requestKey(capture.uri, method, capture.request?.body ?? '')
      for (const warning of capture.warnings) this.lists.add('warnings', { file: capture.file, offset: capture.offset, code: 'payload-digest-mismatch', message: warning, uri: capture.uri, ...(capture.warc.id != null ? { recordId: capture.warc.id } : {}) })
      if (capture.revisit?.resolved === true) {
        // its head is its own and its payload known (empty, by its digest): there is no original to find
        this.summary.revisits.resolved++
      } else if (capture.revisit != null) {
        const original = await this.findOriginal(capture)
        if (original == null) {
          // Its original may still come later in this run. Its head gets bytes of its own: a view into the
          // shared slab it was copied to would keep the whole slab alive for as long as it waits.
          if (capture.http != null) capture.http = { ...capture.http, head: new Uint8Array(capture.http.head) }
          this.deferred.push(capture)
          const oldest = this.deferred.length > this.limits.deferred ? this.deferred.shift() : undefined
          if (oldest != null) await this.settle(oldest)
          continue
        }
        this.share(capture, original)
      } else {
        this.remember(capture)
      }
      this.ready.push(capture)
      if (this.ready.length >= (this.options.batchSize ?? 64)) await this.flush()
    }
    // A request expires when no key of it is claimed by then; one that was taken (or whose keys a later
    // request took over) has nothing left to drop and is not counted.
    while ((this.requestOrder[0]?.at ?? Infinity) < upTo - PAIRING_WINDOW) {
      const entry = this.requestOrder.shift()
      if (entry == null) break
      if (this.requests.expire(entry)) this.unpaired++
    }
  }

  /** A deferred revisit, resolved if its original has come by now, else reported unresolved, and queued. */
  private async settle (capture: Capture): Promise<void> {
    const original = await this.findOriginal(capture)
    if (original != null) this.share(capture, original)
    else this.lists.add('unresolved', { uri: capture.uri, datetime: capture.datetime, refersTo: capture.revisit?.refersTo })
    this.ready.push(capture)
    if (this.ready.length >= (this.options.batchSize ?? 64)) await this.flush()
  }

  private remember (capture: Capture): void {
    if (capture.payload == null) return
    const ref: OriginalRef = { payload: capture.payload, http: capture.http, mime: capture.mime, title: capture.title, computed: capture.digests.computed }
    for (const key of originalKeys(capture.key, capture.warc.id, [capture.digests.declared, capture.digests.actual, capture.digests.computed])) {
      // a capture adds up to three keys: as many of the oldest go, so the map never passes its limit
      if (this.originals.size >= this.limits.originals && !this.originals.has(key)) {
        const oldest = this.originals.keys().next().value
        if (oldest != null) this.originals.delete(oldest)
      }
      this.originals.set(key, ref)
    }
  }

  private async findOriginal (capture: Capture): Promise<OriginalRef | undefined> {
    const revisit = capture.revisit
    const key = revisit?.refersToUri != null ? surt(revisit.refersToUri) : capture.key
    const digests = [capture.digests.declared].filter((d): d is string => d != null)
    for (const k of originalKeys(key, revisit?.refersTo, digests)) {
      const found = this.originals.get(k)
      if (found != null) return found
    }
    const uri = revisit?.refersToUri ?? capture.uri
    return this.options.writer.findOriginal({ key, uri, digests, ...(revisit?.refersTo != null ? { recordId: revisit.refersTo } : {}) })
  }

  /** A resolved revisit shares the original's payload blocks; it keeps its own head unless it has none or a 304. */
  private share (capture: Capture, original: OriginalRef): void {
    capture.payload = original.payload
    if (capture.http == null || capture.http.status === 304) {
      if (original.http != null) capture.http = original.http
      capture.mime = original.mime
    }
    capture.mime ??= original.mime
    capture.title = original.title
    capture.digests.computed = original.computed
    if (original.iparo != null && capture.revisit != null) capture.revisit.original = original.iparo
    this.summary.revisits.resolved++
    // A revisit of a revisit finds its payload here too.
    this.remember(capture)
  }

  private async flush (): Promise<void> {
    if (this.ready.length === 0) return
    const batch = this.ready
    this.ready = []
    this.trailer ??= await trailerPiece(this.sink)
    const trailer = this.trailer
    // an exported WARC's IPARO headers complete its captures and keep its order (docs/export.md)
    for (const part of carriedParts(batch, warning => { this.lists.add('warnings', warning) })) {
      const result = await this.options.writer.append(part, async (capture, place) => buildMemento(capture, place, trailer, this.sink, this.options.namespacing))
      this.summary.mementos += result.created.length
      this.summary.duplicates += result.duplicates
      for (const { cid, capture } of result.created) this.lists.add('iparos', { cid, uri: capture.uri, datetime: capture.datetime })
    }
  }
}

/** The summary of a run that has read nothing yet. */
export function emptySummary (): IngestSummary {
  return {
    files: 0, records: 0, mementos: 0, duplicates: 0, revisits: { resolved: 0, unresolved: [] },
    skipped: 0, skippedByReason: {}, warnings: [], errors: [],
    newBlocks: 0, newBytes: 0, dedupBlocks: 0, dedupBytes: 0, bytes: 0, iparos: [], wacz: [], listed: emptyListed()
  }
}

/** Record IDs are scoped by URL: hand-made WARCs reuse one ID for different records. */
function originalKeys (key: string, recordId: string | undefined, digests: Array<string | undefined>): string[] {
  const keys = recordId != null ? [`id ${recordId} ${key}`] : []
  // a declared digest that holds is the one computed in its algorithm: one key, not two
  const seen: string[] = []
  for (const digest of digests) {
    if (digest == null) continue
    const normal = normalizeDigest(digest)
    if (seen.includes(normal)) continue
    seen.push(normal)
    keys.push(`digest ${key} ${normal}`)
  }
  return keys
}
