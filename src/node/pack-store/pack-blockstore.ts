import { mkdir, open, readdir, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { FsBlockstore } from 'blockstore-fs'
import type { Blockstore, InputPair, Pair } from 'interface-blockstore'
import { NotFoundError } from 'interface-store'
import { CID } from 'multiformats/cid'
import { collectBytes } from '../../core/bytes.ts'
import { cidOfKey, multihashKey, multihashOfCidBytes } from './multihash-key.ts'
import { PackStoreError } from './pack-errors.ts'
import { indexName, PackFile, packName } from './pack-file.ts'
import { KIND_BLOCK, KIND_TOMBSTONE, PACK_MAGIC, recordSize, writeRecord, type ParsedRecord, type RecordMeta } from './pack-record.ts'
import { WriterLock } from './writer-lock.ts'

interface AbortOptions { signal?: AbortSignal }

/** Where a block's bytes are: in a pack, or still in memory on their way there. */
interface Location {
  pack: PackFile
  dataOffset: number
  length: number
  time: number
  /** the bytes, until their write has landed */
  pending?: Uint8Array
}

export interface PackBlockstoreOptions {
  /** a blockstore-fs folder from before packs: read through, never written */
  legacy?: FsBlockstore
  /** a pack is closed to appends past this size (default 256 MiB) */
  maxPackBytes?: number
  /** buffered appends are written once they reach this (default 1 MiB) */
  flushBytes?: number
  /** put() waits while this much is buffered or being written (default 32 MiB) */
  highWaterBytes?: number
  /**
   * after this many bytes are written, a datasync starts in the background (default 8 MiB), so the disk
   * keeps up during an ingest and the commit point's `sync()` only waits for the tail (the kernel would
   * otherwise hold a whole ingest's pages dirty for up to 30 s). On the bench crawl: ~8% less time than
   * no background sync, ~3% less than every 32 MiB.
   */
  syncEveryBytes?: number
  /** how long a writer waits for another process's writer lock (default 60 s) */
  lockTimeoutMs?: number
  now?: () => number
}

/**
 * An append-only blockstore: blocks are framed records (length, CID, checksum) appended to pack files,
 * found through an in-memory index built from per-pack index files and a scan of what they do not yet
 * list. Implements interface-blockstore, so Helia can use it as is.
 *
 * - Crash safety: records are only ever appended; a torn tail is ignored. `sync()` makes every block
 *   put so far durable and is called before anything that points at them (an archive root, an IPNS
 *   record) is written.
 * - One writer, many readers: the first write takes `packs/LOCK`; other processes read concurrently
 *   and, on a miss, re-scan pack tails and look for new packs, so blocks appended after they opened
 *   are found without restarting.
 *
 * docs/storage.md describes the files and the protocol.
 */
export class PackBlockstore implements Blockstore {
  private readonly index = new Map<string, Location>()
  private readonly packs = new Map<number, PackFile>()
  private readonly lock: WriterLock
  private readonly legacy?: FsBlockstore
  private readonly maxPackBytes: number
  private readonly flushBytes: number
  private readonly highWaterBytes: number
  private readonly syncEveryBytes: number
  private readonly now: () => number
  private writing?: Promise<void> = undefined
  private current?: PackFile = undefined
  /** appends framed but not yet handed to the file */
  private batch: { buffer: Buffer, records: RecordMeta[], locations: Location[], position: number, bytes: number } | undefined = undefined
  /** the end of the current pack once everything buffered is written */
  private appendAt = 0
  /** buffered and in-flight bytes */
  private queued = 0
  private flushing: Promise<void> = Promise.resolve()
  /** written bytes no background datasync has covered yet */
  private unsynced = 0
  private backgroundSync: Promise<void> = Promise.resolve()
  private failure: unknown = undefined
  /** packs written since the last sync */
  private readonly dirty = new Set<PackFile>()
  private createdPack = false
  private refreshing?: Promise<boolean> = undefined

  constructor (readonly path: string, options: PackBlockstoreOptions = {}) {
    this.legacy = options.legacy
    this.maxPackBytes = options.maxPackBytes ?? 256 * 1024 * 1024
    // 1 MiB, not more: each freed buffer above glibc's mmap threshold raises that threshold to its size,
    // after which an ingest's many smaller buffers fragment the heap (4 MiB batches cost ~20 MB of RSS).
    this.flushBytes = options.flushBytes ?? 1024 * 1024
    this.highWaterBytes = options.highWaterBytes ?? 32 * 1024 * 1024
    this.syncEveryBytes = options.syncEveryBytes ?? 8 * 1024 * 1024
    this.now = options.now ?? Date.now
    this.lock = new WriterLock(join(path, 'LOCK'), options.lockTimeoutMs)
  }

  async open (): Promise<void> {
    await mkdir(this.path, { recursive: true })
    await this.refresh()
  }

  /** Makes every block put so far durable, then releases the writer lock. */
  async close (): Promise<void> {
    try {
      if (this.current != null) await this.sync()
    } finally {
      await this.lock.release()
      for (const pack of this.packs.values()) await pack.close()
      this.packs.clear()
      this.index.clear()
      this.current = undefined
      this.writing = undefined
    }
  }

  // --- reads

  async has (cid: CID, _options?: AbortOptions): Promise<boolean> {
    const key = multihashKey(cid.multihash.bytes)
    if (this.index.has(key)) return true
    if (this.legacy != null && await this.legacy.has(cid)) return true
    return await this.refreshOnMiss() && this.index.has(key)
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
    let location = this.index.get(key)
    if (location == null) {
      if (this.legacy != null) {
        const bytes = await this.readLegacy(cid)
        if (bytes != null) return bytes
      }
      if (await this.refreshOnMiss()) location = this.index.get(key)
      if (location == null) throw new NotFoundError(`block ${cid.toString()} not found`)
    }
    if (location.pending != null) return location.pending
    try {
      return await location.pack.read(location.dataOffset, location.length)
    } catch (err) {
      // A pack removed by compaction in another process: its blocks are in a newer pack.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && await this.refreshOnMiss()) {
        const moved = this.index.get(key)
        if (moved != null && moved !== location) return moved.pending ?? moved.pack.read(moved.dataOffset, moved.length)
      }
      throw err
    }
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
    for (const { cid } of this.list()) {
      options?.signal?.throwIfAborted()
      const bytes = await this.getBytes(cid)
      yield { cid, bytes: (function * () { yield bytes })() }
    }
    if (this.legacy != null) {
      for await (const pair of this.legacy.getAll(options)) {
        if (!this.index.has(multihashKey(pair.cid.multihash.bytes))) yield pair
      }
    }
  }

  /** The packed blocks with their write times (a snapshot of the index). */
  * list (): Generator<{ cid: CID, mtimeMs: number }> {
    for (const [key, location] of [...this.index]) yield { cid: cidOfKey(key), mtimeMs: location.time }
  }

  /**
   * The index, keyed by multihash bytes (a char code each), once what other processes appended is taken
   * in (as a miss does): prefix scans read its keys and size, never a block (node/namespace/scan-store.ts).
   * A live view: read it at once, before anything is put.
   */
  async keyIndex (): Promise<ReadonlyMap<string, unknown>> {
    await this.refreshOnMiss()
    return this.index
  }

  // --- writes

  async put (cid: CID, bytes: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>, _options?: AbortOptions): Promise<CID> {
    const data = bytes instanceof Uint8Array ? bytes : await collectBytes(bytes)
    const key = multihashKey(cid.multihash.bytes)
    if (this.index.has(key)) return cid
    if (this.current == null) {
      await this.startWriting()
      if (this.index.has(key)) return cid
    }
    this.append(KIND_BLOCK, cid.bytes, data, key)
    if (this.queued > this.highWaterBytes) await this.waitForRoom()
    return cid
  }

  async * putMany (source: Iterable<InputPair> | AsyncIterable<InputPair>, options?: AbortOptions): AsyncGenerator<CID> {
    for await (const { cid, bytes } of source) yield await this.put(cid, bytes, options)
  }

  /** Appends a tombstone: the block is gone for every reader; `compact()` reclaims its bytes. */
  async delete (cid: CID, _options?: AbortOptions): Promise<void> {
    const key = multihashKey(cid.multihash.bytes)
    if (this.current == null) await this.startWriting()
    if (this.index.has(key)) {
      this.append(KIND_TOMBSTONE, cid.bytes, new Uint8Array(0), key)
      this.index.delete(key)
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
   * The commit point: every block put so far is written and flushed to disk, and listed in its
   * pack's index file. Call it before storing anything that refers to those blocks.
   */
  async sync (): Promise<void> {
    if (this.current == null) return
    this.flush()
    await this.flushing
    await this.backgroundSync
    this.throwIfFailed()
    for (const pack of this.dirty) await pack.sync()
    if (this.createdPack) {
      await syncDirectory(this.path)
      this.createdPack = false
    }
    for (const pack of this.dirty) await pack.writeIndex()
    this.dirty.clear()
  }

  /**
   * Rewrites every pack that holds deleted or superseded records into a new pack with only its live
   * blocks, then removes the old packs (oldest first, so a crash in between never revives a deleted
   * block: a tombstone's pack outlives the records it cancels). Readers holding an old pack open keep
   * reading it; others find the blocks in the new pack on their next miss.
   */
  async compact (): Promise<{ packs: number, bytesBefore: number, bytesAfter: number }> {
    if (this.current == null) await this.startWriting()
    await this.sync()
    const live = new Map<PackFile, number>()
    for (const location of this.index.values()) live.set(location.pack, (live.get(location.pack) ?? 0) + 1)
    const wasteful = [...this.packs.values()].filter(p => p.tombstones > 0 || p.recordCount > (live.get(p) ?? 0)).sort((a, b) => a.id - b.id)
    if (wasteful.length === 0) return { packs: 0, bytesBefore: 0, bytesAfter: 0 }
    const chosen = new Set(wasteful)
    const bytesBefore = wasteful.reduce((n, p) => n + p.end, 0)
    // Copies go to a fresh pack: never into one that is itself being compacted.
    await this.startPack()
    const target = this.current
    for (const [key, location] of [...this.index]) {
      if (!chosen.has(location.pack)) continue
      const bytes = await location.pack.read(location.dataOffset, location.length)
      this.index.delete(key)
      this.append(KIND_BLOCK, cidBytesOfKey(key), bytes, key, location.time)
      if (this.queued > this.highWaterBytes) await this.waitForRoom()
    }
    await this.sync()
    for (const pack of wasteful) {
      if (pack === target) continue
      await pack.close()
      await unlink(pack.indexPath).catch(() => undefined)
      await unlink(pack.path)
      this.packs.delete(pack.id)
    }
    await syncDirectory(this.path)
    // the copies may have rolled over into further packs
    const bytesAfter = [...this.packs.values()].filter(p => p.id >= (target?.id ?? Infinity)).reduce((n, p) => n + p.end, 0)
    return { packs: wasteful.length, bytesBefore, bytesAfter }
  }

  // --- internals

  private append (kind: number, cid: Uint8Array, data: Uint8Array, key: string, time = this.now()): void {
    this.throwIfFailed()
    const pack = this.current
    if (pack == null) throw new PackStoreError('no pack open for writing')
    const size = recordSize(cid.byteLength, data.byteLength)
    if (this.appendAt + size > this.maxPackBytes && this.appendAt > PACK_MAGIC.byteLength) {
      this.rollPack()
      this.append(kind, cid, data, key, time)
      return
    }
    if (this.batch != null && this.batch.bytes + size > this.batch.buffer.byteLength) this.flush()
    // records go into one buffer per write; a record larger than that gets a buffer of its own
    const batch = this.batch ??= { buffer: Buffer.allocUnsafeSlow(Math.max(this.flushBytes, size)), records: [], locations: [], position: this.appendAt, bytes: 0 }
    const at = batch.bytes
    writeRecord(batch.buffer, at, kind, cid, time, data)
    batch.records.push({ kind, cid, time, offset: this.appendAt, length: data.byteLength })
    if (kind === KIND_BLOCK) {
      const dataAt = at + size - data.byteLength
      const location: Location = { pack, dataOffset: this.appendAt + size - data.byteLength, length: data.byteLength, time, pending: batch.buffer.subarray(dataAt, dataAt + data.byteLength) }
      this.index.set(key, location)
      batch.locations.push(location)
    }
    batch.bytes += size
    this.appendAt += size
    this.queued += size
    if (batch.bytes >= batch.buffer.byteLength) this.flush()
  }

  /** Hands the buffered appends to the file, in order, one write at a time. */
  private flush (): void {
    const batch = this.batch
    const pack = this.current
    if (batch == null || pack == null) return
    this.batch = undefined
    this.dirty.add(pack)
    this.flushing = this.flushing.then(async () => {
      if (this.failure !== undefined) return
      try {
        await pack.writeAt([batch.buffer.subarray(0, batch.bytes)], batch.position)
        pack.appended(batch.records, batch.position + batch.bytes)
        for (const location of batch.locations) location.pending = undefined
        this.unsynced += batch.bytes
        if (this.unsynced >= this.syncEveryBytes) {
          this.unsynced = 0
          // Not awaited by the writes: the disk catches up while the ingest goes on. `sync()` still
          // syncs every dirty pack itself; this only leaves it less to wait for.
          this.backgroundSync = this.backgroundSync.then(async () => { await pack.sync() }).catch((err: unknown) => {
            this.failure ??= new PackStoreError(`syncing ${pack.path} failed`, { cause: err })
          })
        }
      } catch (err) {
        this.failure = new PackStoreError(`writing ${pack.path} failed`, { cause: err })
      } finally {
        this.queued -= batch.bytes
      }
    })
  }

  private async waitForRoom (): Promise<void> {
    this.flush()
    await this.flushing
    this.throwIfFailed()
  }

  /** Takes the writer lock, catches up with what other writers appended, and picks the pack to append to. */
  private async startWriting (): Promise<void> {
    this.writing ??= (async () => {
      await this.lock.acquire()
      await this.refresh()
      const last = [...this.packs.values()].sort((a, b) => b.id - a.id)[0]
      // Appending after a torn tail would hide the new records behind it: such a pack is left as is.
      if (last != null && last.end < this.maxPackBytes && await last.isClean()) {
        this.current = last
        this.appendAt = last.end
      } else {
        await this.startPack()
      }
      // Records another writer left unlisted (it crashed) are listed at the next sync, so no one scans them again.
      for (const pack of this.packs.values()) this.dirty.add(pack)
    })()
    try {
      await this.writing
    } catch (err) {
      this.writing = undefined
      throw err
    }
  }

  private rollPack (): void {
    this.flush()
    const id = this.nextId()
    const path = join(this.path, packName(id))
    // Created synchronously in order: the id is reserved before any later append can roll again.
    const pack = new PackFile(id, path, join(this.path, indexName(id)))
    this.packs.set(id, pack)
    this.flushing = this.flushing.then(async () => {
      const handle = await open(path, 'wx+')
      try {
        await handle.write(PACK_MAGIC, 0, PACK_MAGIC.byteLength, 0)
      } finally {
        await handle.close()
      }
    })
    this.createdPack = true
    this.current = pack
    this.appendAt = PACK_MAGIC.byteLength
  }

  private async startPack (): Promise<void> {
    this.flush()
    await this.flushing
    const id = this.nextId()
    const pack = await PackFile.create(id, join(this.path, packName(id)), join(this.path, indexName(id)))
    this.packs.set(id, pack)
    this.createdPack = true
    this.current = pack
    this.appendAt = PACK_MAGIC.byteLength
  }

  private nextId (): number {
    return Math.max(0, ...this.packs.keys()) + 1
  }

  /** A reader's miss: maybe a writer has appended since. A writer knows everything already. */
  private async refreshOnMiss (): Promise<boolean> {
    if (this.current != null) return false
    this.refreshing ??= this.refresh().finally(() => { this.refreshing = undefined })
    return this.refreshing
  }

  /**
   * Brings the index up to date with the folder: new packs are loaded (index file, then a scan past
   * it), known ones re-scanned past their last intact record, removed ones forgotten.
   */
  private async refresh (): Promise<boolean> {
    let changed = false
    const ids = new Set<number>()
    for (const name of await readdir(this.path)) {
      const m = /^(\d{8})\.pack$/.exec(name)
      if (m?.[1] != null) ids.add(Number(m[1]))
    }
    for (const [id, pack] of this.packs) {
      if (ids.has(id) || pack === this.current) continue
      // compacted away by another process: its live blocks are in a newer pack
      for (const [key, location] of this.index) if (location.pack === pack) this.index.delete(key)
      await pack.close()
      this.packs.delete(id)
      changed = true
    }
    for (const id of [...ids].sort((a, b) => a - b)) {
      let pack = this.packs.get(id)
      const apply = (r: ParsedRecord): void => this.apply(pack as PackFile, r)
      if (pack == null) {
        pack = new PackFile(id, join(this.path, packName(id)), join(this.path, indexName(id)))
        this.packs.set(id, pack)
        try {
          await pack.load(apply)
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
          this.packs.delete(id)
          continue
        }
        changed = true
      } else if (pack !== this.current) {
        if (await pack.scan(apply)) changed = true
      }
    }
    return changed
  }

  private apply (pack: PackFile, r: ParsedRecord): void {
    const key = multihashKey(multihashOfCidBytes(r.cid))
    if (r.kind === KIND_TOMBSTONE) this.index.delete(key)
    else this.index.set(key, { pack, dataOffset: r.dataOffset, length: r.length, time: r.time })
  }

  private async readLegacy (cid: CID): Promise<Uint8Array | undefined> {
    try {
      return await collectBytes(this.legacy?.get(cid) ?? [])
    } catch (err) {
      if ((err as Error).name === 'NotFoundError') return undefined
      throw err
    }
  }

  private throwIfFailed (): void {
    if (this.failure !== undefined) throw this.failure
  }
}

function cidBytesOfKey (key: string): Uint8Array {
  return cidOfKey(key).bytes
}

/** A new file's name survives a crash only once its directory is flushed too. */
async function syncDirectory (path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } catch {
    // some file systems refuse fsync on a directory; the data itself is already flushed
  } finally {
    await handle.close()
  }
}

export { CID }
