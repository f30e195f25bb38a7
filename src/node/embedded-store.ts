import { mkdir, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { FsBlockstore } from 'blockstore-fs'
import { FsDatastore } from 'datastore-fs'
import { concat } from 'uint8arrays/concat'
import { base32upper } from 'multiformats/bases/base32'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import * as Digest from 'multiformats/hashes/digest'
import { BlockNotFoundError } from '../core/errors.ts'
import type { BlockOptions, BlockStore } from '../core/blocks.ts'

export interface EmbeddedStore {
  dir: string
  /** the core's view: get returns bytes, put is idempotent */
  blocks: BlockStore & { delete (cid: CID): Promise<void> }
  /** every stored block as a raw CID of its multihash, with its file's modification time */
  listBlocks (): AsyncIterable<{ cid: CID, mtimeMs: number }>
  blockstore: FsBlockstore
  datastore: FsDatastore
  close (): Promise<void>
}

async function collect (chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  for await (const chunk of chunks) parts.push(chunk)
  // a block is almost always one chunk: no copy then
  return parts.length === 1 && parts[0] != null ? parts[0] : concat(parts)
}

/**
 * The per-user store: Helia's file blockstore and datastore in one folder, no daemon. One file per
 * block, written atomically (temp file + rename), so `iparo serve` can read while an ingest writes and
 * a crash never leaves a half-written block (docs/storage.md has the measurements behind the choice).
 */
export async function openEmbeddedStore (dir: string): Promise<EmbeddedStore> {
  await mkdir(dir, { recursive: true })
  const blockstore = new FsBlockstore(join(dir, 'blocks'))
  const datastore = new FsDatastore(join(dir, 'datastore'))
  await blockstore.open()
  await datastore.open()
  const blocks: EmbeddedStore['blocks'] = {
    async get (cid: CID, options?: BlockOptions) {
      try {
        return await collect(blockstore.get(cid, options))
      } catch (err) {
        if ((err as Error).name === 'NotFoundError') throw new BlockNotFoundError(cid.toString(), { cause: err })
        throw err
      }
    },
    async put (cid: CID, bytes: Uint8Array) { await blockstore.put(cid, bytes) },
    async has (cid: CID) { return blockstore.has(cid) },
    async delete (cid: CID) { await blockstore.delete(cid) }
  }
  const blocksDir = join(dir, 'blocks')
  async function * listBlocks (): AsyncGenerator<{ cid: CID, mtimeMs: number }> {
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
  return {
    dir,
    blocks,
    listBlocks,
    blockstore,
    datastore,
    async close () {
      await blockstore.close()
      await datastore.close()
    }
  }
}
