import { open, readdir, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { comparePositions, FLAG_TOMBSTONE, type KeyEntry } from './key-entry.ts'
import type { EntryMeta, KeyIndex } from './key-index.ts'
import { PackStoreError } from './pack-errors.ts'
import { multihashKey, multihashOfCidBytes } from './multihash-key.ts'
import { PackFile, packName } from './pack-file.ts'
import { KIND_TOMBSTONE, PACK_MAGIC, RECORD_HEAD, type ParsedRecord } from './pack-record.ts'

/**
 * The packs of a store's folder, kept in step with it: the key index's run files are taken in, packs
 * another process added or removed are found, and the records past the index's watermark are scanned
 * into its memtable.
 */
export class PackFolder {
  readonly packs = new Map<number, PackFile>()
  /** this refresh wrote runs of the tail it scanned */
  private rebuilt = false

  constructor (readonly path: string, private readonly index: KeyIndex) {}

  /**
   * Brings the index up to date with the folder: the longest chain of run files is taken, removed packs
   * are forgotten, and the records past the chain's watermark are scanned into the memtable (re-scanned
   * when the watermark moved). A tail longer than twice the memtable (a writer that crashed, a store
   * from before runs) is written as runs on the way, so memory stays bounded. `current` (the writer's
   * pack) is never scanned. Returns whether anything changed.
   */
  async refresh (current?: PackFile): Promise<boolean> {
    const names = await readdir(this.path)
    const before = this.index.watermark
    let changed = await this.index.loadRuns(names)
    const wm = this.index.watermark
    const moved = comparePositions(wm, before) !== 0
    if (moved) this.index.clearMemtable()
    const ids = new Set<number>()
    for (const name of names) {
      const m = /^(\d{8})\.pack$/.exec(name)
      if (m?.[1] != null) ids.add(Number(m[1]))
    }
    for (const [id, pack] of this.packs) {
      if (ids.has(id) || pack === current) continue
      // compacted away by another process: its live blocks are in a newer pack
      await pack.close()
      this.packs.delete(id)
      changed = true
    }
    let last: PackFile | undefined
    for (const id of [...ids].sort((a, b) => a - b)) {
      let pack = this.packs.get(id)
      const fresh = pack == null
      if (pack == null) {
        pack = await this.load(id)
        if (pack == null) continue
        changed = true
      }
      if (id < wm.pack || pack === current) continue
      if (fresh || moved) pack.scanFrom(id === wm.pack ? wm.offset : PACK_MAGIC.byteLength)
      if (await this.scanTail(pack)) changed = true
      last = pack
    }
    // a rebuild lists the rest too, so the next process to open scans nothing
    if (this.rebuilt && last != null && this.index.memtableSize > 0) await this.writeRun(last)
    this.rebuilt = false
    await this.index.idle()
    return changed
  }

  private async load (id: number): Promise<PackFile | undefined> {
    const pack = new PackFile(id, join(this.path, packName(id)))
    try {
      await pack.file()
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      return undefined
    }
    this.packs.set(id, pack)
    return pack
  }

  private async scanTail (pack: PackFile): Promise<boolean> {
    const full = (): boolean => this.index.memtableSize >= 2 * this.index.limit
    let changed = false
    const apply = (r: ParsedRecord): void => {
      const key = multihashKey(multihashOfCidBytes(r.cid))
      this.index.add(key, { flags: r.kind === KIND_TOMBSTONE ? FLAG_TOMBSTONE : 0, cidLength: r.cid.byteLength, offset: r.offset, pack: pack.id, length: r.length, time: r.time })
    }
    while (await pack.scan(apply, full)) {
      changed = true
      if (full()) await this.writeRun(pack)
    }
    return changed
  }

  /**
   * A tail this long is a rebuild (a store from before runs, lost run files, a writer that crashed): it
   * is written as a run up to `pack`'s scanned end, once the packs it lists are synced, and merged as it
   * goes, so lookups touch few runs.
   */
  private async writeRun (pack: PackFile): Promise<void> {
    const from = this.index.watermark.pack
    await this.index.flush({ pack: pack.id, offset: pack.end }, async () => {
      for (const p of this.packs.values()) if (p.id >= from && p.id <= pack.id) await p.sync()
    })
    this.rebuilt = true
    this.index.maybeMerge()
  }

  /** Run files no chain uses, files of an interrupted run write, per-pack index files from before runs (writer). */
  async removeLeftovers (): Promise<void> {
    const names = await readdir(this.path)
    await this.index.removeGarbage(names)
    const hourAgo = Date.now() - 3_600_000
    for (const name of names) {
      const path = join(this.path, name)
      if (name.endsWith('.idx')) await unlink(path).catch(() => undefined)
      // another process may be writing a run right now: only old temporary files are abandoned
      else if (name.endsWith('.tmp') && ((await stat(path).catch(() => undefined))?.mtimeMs ?? Infinity) < hourAgo) await unlink(path).catch(() => undefined)
    }
  }

  /** A block's bytes, where its entry says. */
  async read (e: EntryMeta): Promise<Uint8Array> {
    const pack = this.packs.get(e.pack)
    // a pack compacted away by another process: the caller refreshes and looks again
    if (pack == null) throw Object.assign(new PackStoreError(`pack ${e.pack} is gone`), { code: 'ENOENT' })
    return pack.read(e.offset + RECORD_HEAD + e.cidLength, e.length)
  }

  /** A non-FULL entry's key, from the CID its record holds (undefined when its pack is gone). */
  keyOf (e: KeyEntry): string | undefined {
    const cid = this.packs.get(e.pack)?.readCid(e.offset, e.cidLength)
    return cid == null ? undefined : multihashKey(multihashOfCidBytes(cid))
  }

  nextId (): number {
    let max = 0
    for (const id of this.packs.keys()) max = Math.max(max, id)
    return max + 1
  }

  async close (): Promise<void> {
    for (const pack of this.packs.values()) await pack.close()
    this.packs.clear()
  }
}

/** A new file's name survives a crash only once its directory is flushed too. */
export async function syncDirectory (path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } catch {
    // some file systems refuse fsync on a directory; the data itself is already flushed
  } finally {
    await handle.close()
  }
}
