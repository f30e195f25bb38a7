import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { FLAG_TOMBSTONE, type Position } from './key-entry.ts'
import type { KeyIndex } from './key-index.ts'
import { PackStoreError } from './pack-errors.ts'
import { PackFile, packName } from './pack-file.ts'
import { syncDirectory, type PackFolder } from './pack-folder.ts'
import { KIND_BLOCK, KIND_TOMBSTONE, PACK_MAGIC, recordSize, writeRecord } from './pack-record.ts'

export interface AppenderOptions {
  maxPackBytes: number
  flushBytes: number
  highWaterBytes: number
  syncEveryBytes: number
}

/**
 * The writer's side of a pack store: frames records into a buffer, hands full buffers to the current
 * pack one positional write at a time, rolls to a new pack at its size limit, datasyncs in the
 * background as an ingest goes, and adds each record to the key index as it is framed.
 */
export class PackAppender {
  current?: PackFile = undefined
  /** blocks put whose write has not landed yet, served from their buffer (at most highWaterBytes) */
  readonly pending = new Map<string, Uint8Array>()
  /** appends framed but not yet handed to the file */
  private batch: { buffer: Buffer, keys: string[], position: number, bytes: number } | undefined = undefined
  /** the end of the current pack once everything buffered is written */
  private appendAt = 0
  /** buffered and in-flight bytes */
  private queued = 0
  private flushing: Promise<void> = Promise.resolve()
  /** written bytes no background datasync has covered yet */
  private unsynced = 0
  private backgroundSync: Promise<void> = Promise.resolve()
  private failure: unknown = undefined
  /** packs written since the last sync, with the number of writes handed to each (a sync clears what it covered) */
  private readonly dirty = new Map<PackFile, number>()
  /** packs created, and how many of them the last folder sync covered */
  private created = 0
  private createdSynced = 0
  private indexFlush?: Promise<void> = undefined

  constructor (private readonly folder: PackFolder, private readonly index: KeyIndex, private readonly options: AppenderOptions) {}

  /** Where the next record goes: what a run written now covers up to. */
  get position (): Position | undefined {
    return this.current == null ? undefined : { pack: this.current.id, offset: this.appendAt }
  }

  get overHighWater (): boolean {
    return this.queued > this.options.highWaterBytes
  }

  /**
   * Picks the pack to append to: the last one, unless full or torn (appending after a torn tail would
   * hide the new records behind it). Records past the index's runs (a writer that crashed) are synced
   * before the next run lists them.
   */
  async resume (): Promise<void> {
    const last = [...this.folder.packs.values()].sort((a, b) => b.id - a.id)[0]
    if (last != null && last.end < this.options.maxPackBytes && await last.isClean()) {
      this.current = last
      this.appendAt = last.end
    } else {
      await this.startPack()
    }
    for (const pack of this.folder.packs.values()) if (pack.id >= this.index.watermark.pack) this.dirty.set(pack, 1)
  }

  append (kind: number, cid: Uint8Array, data: Uint8Array, key: string, time: number): void {
    this.throwIfFailed()
    const pack = this.current
    if (pack == null) throw new PackStoreError('no pack open for writing')
    const size = recordSize(cid.byteLength, data.byteLength)
    if (this.appendAt + size > this.options.maxPackBytes && this.appendAt > PACK_MAGIC.byteLength) {
      this.rollPack()
      this.append(kind, cid, data, key, time)
      return
    }
    if (this.batch != null && this.batch.bytes + size > this.batch.buffer.byteLength) this.flush()
    // records go into one buffer per write; a record larger than that gets a buffer of its own
    const batch = this.batch ??= { buffer: Buffer.allocUnsafeSlow(Math.max(this.options.flushBytes, size)), keys: [], position: this.appendAt, bytes: 0 }
    const at = batch.bytes
    writeRecord(batch.buffer, at, kind, cid, time, data)
    this.index.add(key, { flags: kind === KIND_TOMBSTONE ? FLAG_TOMBSTONE : 0, cidLength: cid.byteLength, offset: this.appendAt, pack: pack.id, length: data.byteLength, time })
    if (kind === KIND_BLOCK) {
      const dataAt = at + size - data.byteLength
      this.pending.set(key, batch.buffer.subarray(dataAt, dataAt + data.byteLength))
      batch.keys.push(key)
    } else {
      this.pending.delete(key)
    }
    batch.bytes += size
    this.appendAt += size
    this.queued += size
    if (batch.bytes >= batch.buffer.byteLength) this.flush()
  }

  /** Hands the buffered appends to the file, in order, one write at a time. */
  flush (): void {
    const batch = this.batch
    const pack = this.current
    if (batch == null || pack == null) return
    this.batch = undefined
    this.dirty.set(pack, (this.dirty.get(pack) ?? 0) + 1)
    this.flushing = this.flushing.then(async () => {
      if (this.failure !== undefined) return
      try {
        await pack.writeAt([batch.buffer.subarray(0, batch.bytes)], batch.position)
        pack.appended(batch.position + batch.bytes)
        for (const key of batch.keys) {
          // a later put of the key after a delete has bytes of its own pending
          const pending = this.pending.get(key)
          if (pending != null && pending.buffer === batch.buffer.buffer) this.pending.delete(key)
        }
        this.syncInBackground(pack, batch.bytes)
      } catch (err) {
        this.failure = new PackStoreError(`writing ${pack.path} failed`, { cause: err })
      } finally {
        this.queued -= batch.bytes
      }
    })
  }

  private syncInBackground (pack: PackFile, written: number): void {
    this.unsynced += written
    if (this.unsynced < this.options.syncEveryBytes) return
    this.unsynced = 0
    // Not awaited by the writes: the disk catches up while the ingest goes on. `sync()` still
    // syncs every dirty pack itself; this only leaves it less to wait for.
    this.backgroundSync = this.backgroundSync.then(async () => { await pack.sync() }).catch((err: unknown) => {
      this.failure ??= new PackStoreError(`syncing ${pack.path} failed`, { cause: err })
    })
  }

  async waitForRoom (): Promise<void> {
    this.flush()
    await this.flushing
    this.throwIfFailed()
  }

  /**
   * Every record appended so far written and flushed to disk (and the folder, when a pack was created).
   * What it covers is taken when it is called: appends meanwhile (a pack created after it, still
   * queued) are left to the next sync.
   */
  async sync (): Promise<void> {
    if (this.current == null) return
    this.flush()
    const packs = [...this.dirty]
    const created = this.created
    await this.flushing
    await this.backgroundSync
    this.throwIfFailed()
    for (const [pack, writes] of packs) {
      await pack.sync()
      if (this.dirty.get(pack) === writes) this.dirty.delete(pack)
    }
    if (created > this.createdSynced) {
      await syncDirectory(this.folder.path)
      this.createdSynced = Math.max(this.createdSynced, created)
    }
  }

  private rollPack (): void {
    this.flush()
    const id = this.folder.nextId()
    const path = join(this.folder.path, packName(id))
    // Created synchronously in order: the id is reserved before any later append can roll again.
    const pack = new PackFile(id, path)
    this.folder.packs.set(id, pack)
    this.flushing = this.flushing.then(async () => {
      const handle = await open(path, 'wx+')
      try {
        await handle.write(PACK_MAGIC, 0, PACK_MAGIC.byteLength, 0)
      } finally {
        await handle.close()
      }
    })
    this.created++
    this.current = pack
    this.appendAt = PACK_MAGIC.byteLength
  }

  /** Appends go to a new pack from now on (compaction copies never go into a pack being compacted). */
  async startPack (): Promise<void> {
    this.flush()
    await this.flushing
    const id = this.folder.nextId()
    const pack = await PackFile.create(id, join(this.folder.path, packName(id)))
    this.folder.packs.set(id, pack)
    this.created++
    this.current = pack
    this.appendAt = PACK_MAGIC.byteLength
  }

  /**
   * A full memtable is written as a run in the background, once the records it lists are durable; puts
   * wait only when a second memtable's worth arrives meanwhile.
   */
  async indexHasRoom (): Promise<void> {
    if (this.index.memtableSize >= this.index.limit && this.indexFlush == null) void this.flushIndex().catch(() => undefined)
    if (this.index.memtableSize >= 2 * this.index.limit) await this.flushIndex()
  }

  /** Writes the memtable as a run covering everything appended so far, then merges runs if due. */
  async flushIndex (): Promise<void> {
    while (this.indexFlush != null) await this.indexFlush.catch(() => undefined)
    const to = this.position
    if (to == null) return
    this.indexFlush = this.index.flush(to, async () => { await this.sync() }).then(() => {
      this.index.maybeMerge()
    }).finally(() => { this.indexFlush = undefined })
    await this.indexFlush
  }

  async settled (): Promise<void> {
    while (this.indexFlush != null) await this.indexFlush.catch(() => undefined)
    await this.index.idle()
  }

  close (): void {
    this.pending.clear()
    this.current = undefined
  }

  throwIfFailed (): void {
    if (this.failure !== undefined) throw this.failure
  }
}
