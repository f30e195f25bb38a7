import type { CacheStats } from '../src/messages/replay-messages.ts'
import { chooseEvictions, type Evictable } from './choose-evictions.ts'
import type { LedgerEntry, SwDb } from './sw-db.ts'

interface Totals { bytes: number, blocks: number, savedBytes: number, savedBlocks: number }

export interface LedgerOptions {
  db: () => Promise<SwDb>
  quota: () => Promise<number>
  /** removes blocks from the blockstore (the ledger only keeps the accounts) */
  drop: (cids: string[]) => Promise<void>
  /** how long reads are batched before their times are written */
  flushMs?: number
}

/**
 * Size, last use and "saved" flag of every block in the Helia blockstore, beside it in IndexedDB:
 * the cache's accounting, and what eviction under the quota reads. Read times are batched: a worker
 * stopped before a flush only makes a few blocks look older than they are.
 */
export class BlockLedger {
  private totals: Promise<Totals> | undefined = undefined
  private readonly touched = new Map<string, number>()
  private flushing: ReturnType<typeof setTimeout> | undefined = undefined
  private evicting: Promise<number> | undefined = undefined
  private readonly pending = new Set<Promise<void>>()

  constructor (private readonly options: LedgerOptions) {}

  private async sums (): Promise<Totals> {
    this.totals ??= (async () => {
      const t: Totals = { bytes: 0, blocks: 0, savedBytes: 0, savedBlocks: 0 }
      for (const e of await (await this.options.db()).getAll('ledger')) add(t, e, 1)
      return t
    })().catch(err => { this.totals = undefined; throw err })
    return this.totals
  }

  /** A block just written by a network fetch: accounted for in the background (a read does not wait for it). */
  noteAdded (key: string, cid: string, size: number): void {
    const work: Promise<void> = this.added(key, cid, size)
      .catch((err: unknown) => { console.warn('block ledger:', err) })
      .finally(() => this.pending.delete(work))
    this.pending.add(work)
  }

  /** Resolves once every accounting started so far is written (and any eviction it caused is done). */
  async settled (): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending])
    await this.flush()
  }

  private async added (key: string, cid: string, size: number): Promise<void> {
    const db = await this.options.db()
    const totals = await this.sums()
    const tx = db.transaction('ledger', 'readwrite')
    const old = await tx.store.get(key)
    if (old == null) {
      const entry: LedgerEntry = { key, cid, size, used: Date.now(), saved: false }
      await tx.store.put(entry)
      add(totals, entry, 1)
    }
    await tx.done
    await this.enforceQuota()
  }

  /** Evicts until under the quota: blocks written while a round ran are taken by the next one. */
  private async enforceQuota (): Promise<void> {
    const quota = await this.options.quota()
    while ((await this.sums()).bytes > quota) {
      if (await this.evict() === 0) return
    }
  }

  /** A block read from the cache: its use time moves, later. */
  touch (key: string): void {
    this.touched.set(key, Date.now())
    this.flushing ??= setTimeout(() => { void this.flush() }, this.options.flushMs ?? 1000)
  }

  async flush (): Promise<void> {
    if (this.flushing != null) clearTimeout(this.flushing)
    this.flushing = undefined
    if (this.touched.size === 0) return
    const batch = [...this.touched]
    this.touched.clear()
    const tx = (await this.options.db()).transaction('ledger', 'readwrite')
    for (const [key, used] of batch) {
      const entry = await tx.store.get(key)
      if (entry != null && entry.used < used) await tx.store.put({ ...entry, used })
    }
    await tx.done
  }

  /** A block found corrupt and deleted. */
  async forget (key: string): Promise<void> {
    const totals = await this.sums()
    const tx = (await this.options.db()).transaction('ledger', 'readwrite')
    const old = await tx.store.get(key)
    if (old != null) { await tx.store.delete(key); add(totals, old, -1) }
    await tx.done
  }

  /** Keeps these blocks whatever the quota ("save for offline"). */
  async markSaved (blocks: Iterable<{ key: string, cid: string, size: number }>): Promise<void> {
    const totals = await this.sums()
    const tx = (await this.options.db()).transaction('ledger', 'readwrite')
    for (const b of blocks) {
      const old = await tx.store.get(b.key)
      if (old?.saved === true) continue
      if (old != null) add(totals, old, -1)
      const entry: LedgerEntry = { key: b.key, cid: b.cid, size: b.size, used: Date.now(), saved: true }
      await tx.store.put(entry)
      add(totals, entry, 1)
    }
    await tx.done
  }

  async stats (): Promise<Omit<CacheStats, 'fetched' | 'corruptDropped'>> {
    await this.settled()
    return { ...await this.sums() }
  }

  /**
   * Drops every block not saved for offline (the app's "clear cache"): saved blocks and their accounts
   * stay, so what was saved still replays and `savedBytes` is unchanged. Resolves with how many went.
   */
  async clearUnsaved (): Promise<number> {
    await this.settled()
    // a quota round already running takes its own victims first; this round then takes the rest
    await this.evicting?.catch(() => 0)
    return this.evict(0)
  }

  /** One round: drops unsaved blocks, least recently used first, down to the quota. Resolves with how many. */
  private async evict (quotaBytes?: number): Promise<number> {
    this.evicting ??= (async () => {
      await this.flush()
      const totals = await this.sums()
      const db = await this.options.db()
      const lru: Array<Evictable & { cid: string }> = []
      let cursor = await db.transaction('ledger').store.index('used').openCursor()
      while (cursor != null) { lru.push(cursor.value); cursor = await cursor.continue() }
      const keys = new Set(chooseEvictions(lru, totals.bytes, quotaBytes ?? await this.options.quota()))
      const victims = lru.filter(e => keys.has(e.key))
      await this.options.drop(victims.map(v => v.cid))
      const tx = db.transaction('ledger', 'readwrite')
      for (const v of victims) { await tx.store.delete(v.key); add(totals, v, -1) }
      await tx.done
      return victims.length
    })().finally(() => { this.evicting = undefined })
    return this.evicting
  }
}

function add (t: Totals, e: { size: number, saved: boolean }, sign: 1 | -1): void {
  t.bytes += sign * e.size
  t.blocks += sign
  if (e.saved) { t.savedBytes += sign * e.size; t.savedBlocks += sign }
}
