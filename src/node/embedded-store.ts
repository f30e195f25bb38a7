import { access, mkdir, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { FsBlockstore } from 'blockstore-fs'
import { FsDatastore } from 'datastore-fs'
import { base32upper } from 'multiformats/bases/base32'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import * as Digest from 'multiformats/hashes/digest'
import { BlockNotFoundError } from '../core/errors.ts'
import type { BlockOptions, BlockStore } from '../core/blocks.ts'
import { FolderLock, type LockHolder } from './folder-lock.ts'
import { PackBlockstore } from './pack-store/pack-blockstore.ts'

export interface EmbeddedStore {
  dir: string
  /** the core's view: get returns bytes, put is idempotent */
  blocks: BlockStore & { delete (cid: CID): Promise<void> }
  /** every stored block as a raw CID of its multihash, with the time it was written */
  listBlocks (): AsyncIterable<{ cid: CID, mtimeMs: number }>
  blockstore: PackBlockstore
  datastore: FsDatastore
  /**
   * `archives`: held by whatever moves an archive's root (from reading the root to publishing the new
   * one) or deletes blocks; `ipns`: held for a moment around each compare-and-set of an IPNS record.
   * Readers take neither (docs/storage.md, "Concurrent writers").
   */
  locks: { archives: FolderLock, ipns: FolderLock }
  close (): Promise<void>
}

export interface StoreOptions {
  /** how long a writer waits for the archives lock (default: as long as its holder lives) */
  lockTimeoutMs?: number
  /** told when a writer starts waiting for another process's lock */
  onLockWait?: (holder: LockHolder) => void
}

/** A compare-and-set of an IPNS record holds its lock for milliseconds: a long wait means trouble. */
const IPNS_LOCK_TIMEOUT_MS = 30_000

/**
 * The per-user store: an append-only pack blockstore (`packs/`) and Helia's file datastore in one
 * folder, no daemon. One process writes at a time; any number read while it does (docs/storage.md).
 * A `blocks/` folder left by the earlier one-file-per-block store is still read (never written).
 */
export async function openEmbeddedStore (dir: string, options: StoreOptions = {}): Promise<EmbeddedStore> {
  await mkdir(dir, { recursive: true })
  const blocksDir = join(dir, 'blocks')
  const legacy = await access(blocksDir).then(() => new FsBlockstore(blocksDir), () => undefined)
  await legacy?.open()
  const blockstore = new PackBlockstore(join(dir, 'packs'), { legacy })
  const datastore = new FsDatastore(join(dir, 'datastore'))
  await blockstore.open()
  await datastore.open()
  const blocks: EmbeddedStore['blocks'] = {
    async get (cid: CID, options?: BlockOptions) {
      try {
        return await blockstore.getBytes(cid, options)
      } catch (err) {
        if ((err as Error).name === 'NotFoundError') throw new BlockNotFoundError(cid.toString(), { cause: err })
        throw err
      }
    },
    async put (cid: CID, bytes: Uint8Array) { await blockstore.put(cid, bytes) },
    async has (cid: CID) { return blockstore.has(cid) },
    async delete (cid: CID) { await blockstore.delete(cid) }
  }
  async function * listBlocks (): AsyncGenerator<{ cid: CID, mtimeMs: number }> {
    yield * blockstore.list()
    if (legacy == null) return
    for (const shard of await readdir(blocksDir, { withFileTypes: true })) {
      if (!shard.isDirectory()) continue
      for (const file of await readdir(join(blocksDir, shard.name))) {
        // `<base32upper multihash>.data`; steno's temporary files and anything else are not blocks
        const m = /^([A-Z2-7]+)\.data$/.exec(file)
        if (m?.[1] == null) continue
        let cid: CID
        try {
          cid = CID.createV1(raw.code, Digest.decode(base32upper.decode(m[1])))
        } catch {
          continue
        }
        const info = await stat(join(blocksDir, shard.name, file)).catch(() => undefined)
        if (info != null) yield { cid, mtimeMs: info.mtimeMs }
      }
    }
  }
  const locks = {
    archives: new FolderLock(join(dir, 'archives.lock'), { timeoutMs: options.lockTimeoutMs, onWait: options.onLockWait }),
    // no word on waiting here: its holds are too short to explain
    ipns: new FolderLock(join(dir, 'ipns.lock'), { timeoutMs: Math.min(options.lockTimeoutMs ?? Infinity, IPNS_LOCK_TIMEOUT_MS) })
  }
  return {
    dir,
    blocks,
    listBlocks,
    blockstore,
    datastore,
    locks,
    async close () {
      try {
        await blockstore.close()
        await datastore.close()
      } finally {
        // last: the next writer then finds the pack store's own lock free too
        await locks.ipns.release()
        await locks.archives.release()
      }
    }
  }
}
