import type { CID } from 'multiformats/cid'
import { blockKey, type BlockOptions, type BlockStore } from '../blocks.ts'

/**
 * Keys of blocks this run wrote that are remembered without asking the store: enough to catch the
 * repeats within one record or a few neighbouring ones (one shared stylesheet, an empty payload);
 * past it the store's own `has` answers, so only the lookup's cost changes, never the result.
 */
const SEEN_KEPT = 50_000

export interface SinkStats {
  newBlocks: number
  newBytes: number
  dedupBlocks: number
  dedupBytes: number
}

/**
 * Writes blocks once: a block already in the store (or written earlier in this run) is counted as
 * deduplicated, never rewritten. Keys are CIDs computed from the bytes, so dedup never trusts a
 * WARC's declared digest.
 *
 * Writes go behind: up to `concurrency` are in flight while parsing goes on (a file-per-block store
 * is bound by syscall latency, not bandwidth). `drain()` must be awaited before anything that points
 * at these blocks is published; the first failed write fails every later call.
 */
export class DedupSink implements BlockStore {
  readonly stats: SinkStats = { newBlocks: 0, newBytes: 0, dedupBlocks: 0, dedupBytes: 0 }
  private readonly seen = new Set<string>()
  /** writes started and not yet settled */
  private inFlight = 0
  /** callers waiting for a write to settle (a count and a wake-up list: no promise set to race per put) */
  private waiters: Array<() => void> = []
  /** blocks not yet landed, so that reads during the run see them */
  private readonly pending = new Map<string, Uint8Array>()
  private failure: unknown = undefined

  constructor (private readonly store: BlockStore, private readonly concurrency = 32, private readonly seenLimit = SEEN_KEPT) {}

  async put (cid: CID, bytes: Uint8Array): Promise<void> {
    this.throwIfFailed()
    const key = blockKey(cid)
    if (this.seen.has(key) || this.pending.has(key)) {
      this.dedup(bytes)
      return
    }
    // The set saves store lookups and keeps in-flight writes from being written twice (those are in
    // `pending` as well); its oldest keys make way for new ones, so a huge ingest's memory stays flat.
    if (this.seen.size >= this.seenLimit) this.seen.delete(this.seen.values().next().value as string)
    this.seen.add(key)
    this.pending.set(key, bytes)
    this.inFlight++
    void this.write(cid, bytes, key)
    while (this.inFlight >= this.concurrency) await this.settled()
    this.throwIfFailed()
  }

  async get (cid: CID, options?: BlockOptions): Promise<Uint8Array> {
    return this.pending.get(blockKey(cid)) ?? this.store.get(cid, options)
  }

  async has (cid: CID): Promise<boolean> {
    return this.pending.has(blockKey(cid)) || this.store.has(cid)
  }

  /** Waits until every write has landed. */
  async drain (): Promise<void> {
    while (this.inFlight > 0) await this.settled()
    this.throwIfFailed()
  }

  /** Never rejects: a failure is kept for the next call to throw. */
  private async write (cid: CID, bytes: Uint8Array, key: string): Promise<void> {
    try {
      if (await this.store.has(cid)) {
        this.dedup(bytes)
      } else {
        await this.store.put(cid, bytes)
        this.stats.newBlocks++
        this.stats.newBytes += bytes.byteLength
      }
    } catch (err) {
      this.failure ??= err
    } finally {
      this.pending.delete(key)
      this.inFlight--
      const waiters = this.waiters
      if (waiters.length > 0) {
        this.waiters = []
        for (const wake of waiters) wake()
      }
    }
  }

  /** Resolves once some write has settled. */
  private async settled (): Promise<void> {
    await new Promise<void>(resolve => { this.waiters.push(resolve) })
  }

  private dedup (bytes: Uint8Array): void {
    this.stats.dedupBlocks++
    this.stats.dedupBytes += bytes.byteLength
  }

  private throwIfFailed (): void {
    if (this.failure !== undefined) throw this.failure
  }
}
