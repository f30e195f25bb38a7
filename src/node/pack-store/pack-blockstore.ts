import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { FsBlockstore } from 'blockstore-fs'
import type { Blockstore, InputPair, Pair } from 'interface-blockstore'
import { NotFoundError } from 'interface-store'
import { CID } from 'multiformats/cid'
import { collectBytes } from '../../core/bytes.ts'
import { FLAG_TOMBSTONE, prefixRange } from './key-entry.ts'
import { KeyIndex, type EntryMeta } from './key-index.ts'
import { cidOfKey, multihashKey } from './multihash-key.ts'
import { PackAppender } from './pack-appender.ts'
import { compactPacks, type CompactionResult } from './pack-compaction.ts'
import { PackFolder } from './pack-folder.ts'
import type { PackBlockstoreOptions } from './pack-options.ts'
import { KIND_BLOCK, KIND_TOMBSTONE } from './pack-record.ts'
import { WriterLock } from './writer-lock.ts'

interface AbortOptions { signal?: AbortSignal }

export type { PackBlockstoreOptions }

/**
 * An append-only blockstore: blocks are framed records (length, CID, checksum) appended to pack files,
 * found through an on-disk key index (sorted run files and a bounded memtable, key-index.ts), so
 * opening reads no entries and memory does not grow with the store. Implements interface-blockstore,
 * so Helia can use it as is.
 *
 * - Crash safety: records are only ever appended; a torn tail is ignored; run files are caches, rebuilt
 *   from the packs. `sync()` makes every block put so far durable and is called before anything that
 *   points at them (an archive root, an IPNS record) is written.
 * - One writer, many readers: the first write takes `packs/LOCK`; other processes read concurrently
 *   and, on a miss, take in the writer's new runs and scan pack tails past them, so blocks appended
 *   after they opened are found without restarting.
 *
 * docs/storage.md describes the files and the protocol.
 */
export class PackBlockstore implements Blockstore {
  private readonly index: KeyIndex
  private readonly folder: PackFolder
  private readonly appender: PackAppender
  private readonly lock: WriterLock
  private readonly legacy?: FsBlockstore
  private readonly now: () => number
  private writing?: Promise<void> = undefined
  private refreshing?: Promise<boolean> = undefined

  constructor (readonly path: string, options: PackBlockstoreOptions = {}) {
    this.legacy = options.legacy
    this.now = options.now ?? Date.now
    this.lock = new WriterLock(join(path, 'LOCK'), options.lockTimeoutMs)
    this.index = new KeyIndex(path, {
      memtableEntries: options.memtableEntries ?? 65_536,
      keyOf: e => this.folder.keyOf(e),
      packExists: id => this.folder.packs.has(id)
    })
    this.folder = new PackFolder(path, this.index)
    this.appender = new PackAppender(this.folder, this.index, {
      maxPackBytes: options.maxPackBytes ?? 256 * 1024 * 1024,
      // 1 MiB, not more: each freed buffer above glibc's mmap threshold raises that threshold to its size,
      // after which an ingest's many smaller buffers fragment the heap (4 MiB batches cost ~20 MB of RSS).
      flushBytes: options.flushBytes ?? 1024 * 1024,
      highWaterBytes: options.highWaterBytes ?? 8 * 1024 * 1024,
      syncEveryBytes: options.syncEveryBytes ?? 8 * 1024 * 1024
    })
  }

  async open (): Promise<void> {
    await mkdir(this.path, { recursive: true })
    await this.folder.refresh()
  }

  /** Makes every block put so far durable (and listed in a run), then releases the writer lock. */
  async close (): Promise<void> {
    try {
      if (this.appender.current != null) {
        await this.sync()
        // the next open finds everything in runs and scans nothing
        if (this.index.memtableSize > 0) await this.appender.flushIndex()
      }
    } finally {
      await this.index.close()
      await this.lock.release()
      await this.folder.close()
      this.appender.close()
      this.writing = undefined
    }
  }

  // --- reads

  async has (cid: CID, _options?: AbortOptions): Promise<boolean> {
    const key = multihashKey(cid.multihash.bytes)
    if (this.appender.pending.has(key) || this.findLive(key) != null) return true
    if (this.legacy != null && await this.legacy.has(cid)) return true
    return await this.refreshOnMiss() && this.findLive(key) != null
  }

  /**
   * The block's bytes (one plain Uint8Array view, not a Buffer: callers compare and re-encode them).
   * Not verified here: the core checks every block against its CID.
   */
  async getBytes (cid: CID, options?: AbortOptions): Promise<Uint8Array> {
    const bytes = await this.readBytes(cid, options)
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  private async readBytes (cid: CID, _options?: AbortOptions): Promise<Uint8Array> {
    const key = multihashKey(cid.multihash.bytes)
    const pending = this.appender.pending.get(key)
    if (pending != null) return pending
    let entry = this.findLive(key)
    if (entry == null) {
      if (this.legacy != null) {
        const bytes = await this.readLegacy(cid)
        if (bytes != null) return bytes
      }
      if (await this.refreshOnMiss()) entry = this.findLive(key)
      if (entry == null) throw new NotFoundError(`block ${cid.toString()} not found`)
    }
    try {
      return await this.folder.read(entry)
    } catch (err) {
      // A pack removed by compaction in another process: its blocks are in a newer pack.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && await this.refreshOnMiss()) {
        const moved = this.findLive(key)
        if (moved != null && moved !== entry) return this.folder.read(moved)
      }
      throw err
    }
  }

  private findLive (key: string): EntryMeta | undefined {
    const e = this.index.find(key)
    return e == null || (e.flags & FLAG_TOMBSTONE) !== 0 ? undefined : e
  }

  async * get (cid: CID, options?: AbortOptions): AsyncGenerator<Uint8Array> {
    yield await this.getBytes(cid, options)
  }

  async * getMany (source: Iterable<CID> | AsyncIterable<CID>, options?: AbortOptions): AsyncGenerator<Pair> {
    for await (const cid of source) {
      const bytes = await this.getBytes(cid, options)
      yield { cid, bytes: (function * () { yield bytes })() }
    }
  }

  /** Every block, as the raw CID of its multihash (the key), like blockstore-fs. */
  async * getAll (options?: AbortOptions): AsyncGenerator<Pair> {
    for await (const { cid } of this.list()) {
      options?.signal?.throwIfAborted()
      const bytes = await this.getBytes(cid)
      yield { cid, bytes: (function * () { yield bytes })() }
    }
    if (this.legacy != null) {
      for await (const pair of this.legacy.getAll(options)) {
        if (this.findLive(multihashKey(pair.cid.multihash.bytes)) == null) yield pair
      }
    }
  }

  /** The packed blocks with their write times, streamed in key order from a snapshot of the index. */
  async * list (): AsyncGenerator<{ cid: CID, mtimeMs: number }> {
    for await (const g of this.index.groups()) {
      if (g.key != null && g.winner != null && (g.winner.flags & FLAG_TOMBSTONE) === 0) yield { cid: cidOfKey(g.key), mtimeMs: g.winner.time }
    }
  }

  /**
   * The keys (multihash bytes, a char code each) of the sha2-256 blocks whose digest starts with one of
   * the prefixes, once what other processes appended is taken in: a range of each sorted run, never a
   * block (node/namespace/scan-store.ts).
   */
  async keysWithDigestPrefixes (prefixes: ReadonlyArray<{ bytes: Uint8Array, bits: number }>): Promise<string[]> {
    await this.refreshOnMiss()
    return this.index.prefixKeys(prefixes.map(prefixRange))
  }

  /** The key index's in-memory entries and run files (tests and the benchmark check memory stays bounded). */
  indexStats (): { memtableEntries: number, runs: number, runEntries: number, pending: number } {
    return { memtableEntries: this.index.memtableSize, runs: this.index.chain.length, runEntries: this.index.chain.reduce((n, r) => n + r.count, 0), pending: this.appender.pending.size }
  }

  /** Waits for a background run write and merge (tests, benchmarks). */
  async settled (): Promise<void> {
    await this.appender.settled()
  }

  /** Changes whenever the blocks a scan would see may have (puts, deletes, another process's appends). */
  async changeStamp (): Promise<number> {
    await this.refreshOnMiss()
    return this.index.changes
  }

  // --- writes

  async put (cid: CID, bytes: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>, _options?: AbortOptions): Promise<CID> {
    const data = bytes instanceof Uint8Array ? bytes : await collectBytes(bytes)
    const key = multihashKey(cid.multihash.bytes)
    if (this.appender.pending.has(key) || this.findLive(key) != null) return cid
    if (this.appender.current == null) {
      await this.startWriting()
      if (this.findLive(key) != null) return cid
    }
    this.appender.append(KIND_BLOCK, cid.bytes, data, key, this.now())
    if (this.appender.overHighWater) await this.appender.waitForRoom()
    await this.appender.indexHasRoom()
    return cid
  }

  async * putMany (source: Iterable<InputPair> | AsyncIterable<InputPair>, options?: AbortOptions): AsyncGenerator<CID> {
    for await (const { cid, bytes } of source) yield await this.put(cid, bytes, options)
  }

  /** Appends a tombstone: the block is gone for every reader; `compact()` reclaims its bytes. */
  async delete (cid: CID, _options?: AbortOptions): Promise<void> {
    const key = multihashKey(cid.multihash.bytes)
    if (this.appender.current == null) await this.startWriting()
    if (this.appender.pending.has(key) || this.findLive(key) != null) {
      this.appender.append(KIND_TOMBSTONE, cid.bytes, new Uint8Array(0), key, this.now())
      await this.appender.indexHasRoom()
    }
    await this.legacy?.delete(cid)
  }

  async * deleteMany (source: Iterable<CID> | AsyncIterable<CID>, options?: AbortOptions): AsyncGenerator<CID> {
    for await (const cid of source) {
      await this.delete(cid, options)
      yield cid
    }
  }

  /**
   * The commit point: every block put so far is written and flushed to disk. Call it before storing
   * anything that refers to those blocks.
   */
  async sync (): Promise<void> {
    await this.appender.sync()
  }

  /**
   * Rewrites every pack that holds deleted or superseded records into a new pack with only its live
   * blocks, then removes the old packs (pack-compaction.ts).
   */
  async compact (): Promise<CompactionResult> {
    if (this.appender.current == null) await this.startWriting()
    return compactPacks({
      index: this.index,
      folder: this.folder,
      appender: this.appender
    })
  }

  // --- internals

  /** Takes the writer lock, catches up with what other writers appended, and picks the pack to append to. */
  private async startWriting (): Promise<void> {
    this.writing ??= (async () => {
      await this.lock.acquire()
      await this.folder.refresh()
      await this.folder.removeLeftovers()
      await this.appender.resume()
    })()
    try {
      await this.writing
    } catch (err) {
      this.writing = undefined
      throw err
    }
  }

  /** A reader's miss: maybe a writer has appended since. A writer knows everything already. */
  private async refreshOnMiss (): Promise<boolean> {
    if (this.appender.current != null) return false
    this.refreshing ??= this.folder.refresh().finally(() => { this.refreshing = undefined })
    return this.refreshing
  }

  private async readLegacy (cid: CID): Promise<Uint8Array | undefined> {
    try {
      return await collectBytes(this.legacy?.get(cid) ?? [])
    } catch (err) {
      if ((err as Error).name === 'NotFoundError') return undefined
      throw err
    }
  }

}

export { CID }
