import { unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { comparePositions, compareEntries, FLAG_DEAD, FLAG_FULL, FLAG_TOMBSTONE, fingerprint, fingerprintText, FP_BYTES, keyOfFullEntry, ORIGIN, type KeyEntry, type Position } from './key-entry.ts'
import { KeyRun, RUN_SUFFIX, writeRun } from './key-run.ts'
import { chooseChain } from './run-chain.ts'
import { mergedEntries, mergeSources, type KeyGroup, type KeyOf } from './run-merge.ts'

/** What an entry says, without its fingerprint. */
export type EntryMeta = Omit<KeyEntry, 'fp'>
type MemValue = EntryMeta & { dead?: EntryMeta[] }

/** Runs of one size band are merged once there are this many (tiers of ×4). */
const TIER = 4

export interface KeyIndexOptions {
  /** entries held in memory before they are written as a run */
  memtableEntries: number
  keyOf: KeyOf
  packExists: (id: number) => boolean
}

/**
 * The store's key index, LSM-style: a bounded in-memory table of the newest entries (the records past
 * the runs' coverage), then immutable sorted run files (key-run.ts) covering consecutive ranges of
 * pack positions, newest last. Only the writer merges runs; any process may write one.
 */
export class KeyIndex {
  chain: KeyRun[] = []
  /** listed runs the chain does not use (leftovers, another process's rebuild) */
  private spare: KeyRun[] = []
  private memtable = new Map<string, MemValue>()
  private memEntries = 0
  /** a memtable being written as a run: still searched until the run is in the chain */
  private frozen?: Map<string, MemValue> = undefined
  private merging?: Promise<void> = undefined
  private readonly abort = { aborted: false }
  /** bumped by every change a scan could see */
  changes = 0

  constructor (private readonly dir: string, private readonly options: KeyIndexOptions) {}

  get watermark (): Position { return this.chain.at(-1)?.to ?? ORIGIN }
  get memtableSize (): number { return this.memEntries }
  get limit (): number { return this.options.memtableEntries }

  add (key: string, meta: EntryMeta): void {
    const prev = this.memtable.get(key)
    const value: MemValue = meta
    if (prev != null) {
      const { dead = [], ...rest } = prev
      value.dead = [...dead, rest]
    }
    this.memtable.set(key, value)
    this.memEntries++
    this.changes++
  }

  /** Forgets the memtable (a reader whose runs moved past it: it re-scans from the new watermark). */
  clearMemtable (): void {
    this.memtable.clear()
    this.memEntries = 0
  }

  /** The newest entry of `key` that is not dead: a block or a tombstone. */
  find (key: string): EntryMeta | undefined {
    const m = this.memtable.get(key) ?? this.frozen?.get(key)
    if (m != null) return m
    const { fp, full } = fingerprint(key)
    for (let i = this.chain.length - 1; i >= 0; i--) {
      for (const e of this.chain[i]?.lookup(fp) ?? []) {
        if ((e.flags & FLAG_DEAD) !== 0 || ((e.flags & FLAG_FULL) !== 0) !== full) continue
        if (full || this.options.keyOf(e) === key) return e
      }
    }
    return undefined
  }

  /** Takes in the run files present (`names`): the longest chain from the origin. Returns whether it changed. */
  async loadRuns (names: readonly string[]): Promise<boolean> {
    const known = new Map([...this.spare, ...this.chain].map(r => [r.name, r]))
    const candidates: KeyRun[] = []
    for (const name of names) {
      if (!name.endsWith(RUN_SUFFIX)) continue
      const run = known.get(name) ?? await KeyRun.open(join(this.dir, name)).catch(() => undefined)
      if (run != null) candidates.push(run)
    }
    const chain = chooseChain(candidates)
    const changed = chain.length !== this.chain.length || chain.some((r, i) => r !== this.chain[i])
    const kept = new Set(chain)
    const listed = new Set(candidates)
    // runs outside the chain stay open while listed, so a miss does not re-read them
    for (const run of known.values()) if (!listed.has(run)) await run.retire()
    this.spare = candidates.filter(r => !kept.has(r))
    this.chain = chain
    if (changed) this.changes++
    return changed
  }

  /**
   * Writes the memtable as a run covering [watermark, to), after `beforeWrite` (which makes the
   * records durable: an entry never points at bytes a crash could lose).
   */
  async flush (to: Position, beforeWrite: () => Promise<void>): Promise<void> {
    if (this.frozen != null) throw new Error('a flush is already running')
    const frozen = this.frozen = this.memtable
    const count = this.memEntries
    this.memtable = new Map()
    this.memEntries = 0
    try {
      await beforeWrite()
      const from = this.watermark
      if (count > 0 || comparePositions(to, from) > 0) this.chain.push(await writeRun(this.dir, sortedEntries(frozen), count, from, to))
    } catch (err) {
      // back into the memtable, under anything added since
      for (const [key, value] of frozen) if (!this.memtable.has(key)) this.memtable.set(key, value)
      this.memEntries += count
      throw err
    } finally {
      this.frozen = undefined
    }
  }

  /** Every key's newest entries, in fingerprint order, over a snapshot (memtable copy, runs held open). */
  async * groups (): AsyncGenerator<KeyGroup> {
    const runs = [...this.chain]
    // a stable sort: the memtable's entries (newer) stay before the frozen one's of the same key
    const mem = [...sortedEntries(this.memtable), ...sortedEntries(this.frozen ?? new Map())].sort(compareEntries)
    for (const r of runs) r.acquire()
    try {
      yield * mergeSources([mem[Symbol.iterator](), ...runs.reverse().map(r => r.entries())], this.options.keyOf)
    } finally {
      for (const r of runs) await r.release()
    }
  }

  /** FULL (sha2-256) keys whose digest's first 4 bytes are within one of the [lo, hi] ranges, live only. */
  async prefixKeys (ranges: ReadonlyArray<{ lo: number, hi: number }>): Promise<string[]> {
    const seen = new Map<string, boolean>()
    const take = (key: string, flags: number): void => {
      if ((flags & FLAG_DEAD) === 0 && !seen.has(key)) seen.set(key, (flags & FLAG_TOMBSTONE) === 0)
    }
    const inRange = (w: number): boolean => ranges.some(r => w >= r.lo && w <= r.hi)
    for (const mem of [this.memtable, this.frozen ?? new Map<string, MemValue>()]) {
      for (const [key, v] of mem) {
        if (key.length !== 34 || key.charCodeAt(0) !== 0x12 || key.charCodeAt(1) !== 32) continue
        if (inRange(((key.charCodeAt(2) << 24) | (key.charCodeAt(3) << 16) | (key.charCodeAt(4) << 8) | key.charCodeAt(5)) >>> 0)) take(key, v.flags)
      }
    }
    const runs = [...this.chain].reverse()
    for (const r of runs) r.acquire()
    try {
      for (const run of runs) {
        for (const { lo, hi } of ranges) {
          const { start, end } = run.bucketRange(run.bucketOf(lo), run.bucketOf(hi))
          for await (const e of run.entries(start, end)) {
            const w = e.fp.readUInt32BE(0)
            if ((e.flags & FLAG_FULL) !== 0 && w >= lo && w <= hi) take(keyOfFullEntry(e), e.flags)
          }
        }
      }
    } finally {
      for (const r of runs) await r.release()
    }
    return [...seen].filter(([, live]) => live).map(([key]) => key)
  }

  /** Starts merging the newest runs in the background when a size band holds TIER of them (writer only). */
  maybeMerge (): void {
    this.merging ??= (async () => {
      for (let tail = this.pickMerge(); tail != null && !this.abort.aborted; tail = this.pickMerge()) await this.merge(tail)
    })().catch(() => {
      // a failed merge leaves its inputs in place: the index is as it was
    }).finally(() => { this.merging = undefined })
  }

  private pickMerge (): KeyRun[] | undefined {
    const band = (r: KeyRun): number => Math.floor(Math.log(Math.max(1, r.count / this.limit)) / Math.log(TIER))
    const newest = this.chain.at(-1)
    if (newest == null) return undefined
    let i = this.chain.length - 1
    while (i > 0 && band(this.chain[i - 1] as KeyRun) <= band(newest)) i--
    return this.chain.length - i >= TIER ? this.chain.slice(i) : undefined
  }

  /** Replaces consecutive runs of the chain by one (stream-merged: bounded memory at any size). */
  private async merge (runs: KeyRun[]): Promise<void> {
    const first = runs[0]
    const last = runs.at(-1)
    if (first == null || last == null) return
    const at = this.chain.indexOf(first)
    for (const r of runs) r.acquire()
    try {
      const groups = mergeSources([...runs].reverse().map(r => r.entries()), this.options.keyOf)
      const entries = mergedEntries(groups, { bottom: at === 0, packExists: this.options.packExists })
      const merged = await writeRun(this.dir, entries, runs.reduce((n, r) => n + r.count, 0), first.from, last.to, this.abort)
      const now = this.chain.indexOf(first)
      this.chain.splice(now, runs.length, merged)
      this.changes++
    } finally {
      for (const r of runs) await r.release()
    }
    for (const r of runs) {
      await r.retire()
      await unlink(r.path).catch(() => undefined)
    }
  }

  /** Waits for a background merge. */
  async idle (): Promise<void> { await this.merging }

  /** Merges the whole chain into one run, dropping the entries of removed packs (after compaction). */
  async mergeAll (): Promise<void> {
    await this.idle()
    if (this.chain.length === 0) return
    // held as the background merge, so a flush meanwhile starts no second one over the same runs
    const merge = this.merge([...this.chain])
    this.merging = merge.catch(() => undefined).finally(() => { this.merging = undefined })
    await merge
  }

  /** Removes run files no chain uses and temporary files a dead process left (writer only). */
  async removeGarbage (names: readonly string[]): Promise<void> {
    const used = new Set(this.chain.map(r => r.name))
    for (const name of names) {
      if (name.endsWith(RUN_SUFFIX) && !used.has(name)) await unlink(join(this.dir, name)).catch(() => undefined)
    }
  }

  async close (): Promise<void> {
    this.abort.aborted = true
    await this.idle()
    for (const r of [...this.chain, ...this.spare]) await r.retire()
    this.chain = []
    this.spare = []
    this.clearMemtable()
  }
}

/** A memtable's entries (dead ones too) with their fingerprints, sorted (as text: a native comparison). */
function sortedEntries (mem: ReadonlyMap<string, MemValue>): KeyEntry[] {
  const order: Array<{ sortKey: string, key: string, value: MemValue }> = []
  for (const [key, value] of mem) {
    const { fp, full } = fingerprintText(key)
    order.push({ sortKey: fp + (full ? '\x01' : '\x00'), key, value })
  }
  order.sort((a, b) => a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0)
  const out: KeyEntry[] = []
  for (const { sortKey, value: { dead, ...meta } } of order) {
    const fp = Buffer.from(sortKey.slice(0, FP_BYTES), 'latin1')
    const flag = sortKey.charCodeAt(FP_BYTES) === 1 ? FLAG_FULL : 0
    // a key's live entry before its dead ones
    out.push({ ...meta, fp, flags: meta.flags | flag })
    for (const d of dead ?? []) out.push({ ...d, fp, flags: d.flags | flag | FLAG_DEAD })
  }
  return out
}
