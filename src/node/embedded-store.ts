import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { FsBlockstore } from 'blockstore-fs'
import { FsDatastore } from 'datastore-fs'
import type { CID } from 'multiformats/cid'
import { BlockNotFoundError } from '../core/errors.ts'
import type { BlockOptions, BlockStore } from '../core/blocks.ts'

export interface EmbeddedStore {
  dir: string
  /** the core's view: get returns bytes, put is idempotent */
  blocks: BlockStore & { delete (cid: CID): Promise<void>, all (): AsyncIterable<CID> }
  blockstore: FsBlockstore
  datastore: FsDatastore
  close (): Promise<void>
}

async function collect (chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  let size = 0
  for await (const chunk of chunks) {
    parts.push(chunk)
    size += chunk.byteLength
  }
  if (parts.length === 1 && parts[0] != null) return parts[0]
  const out = new Uint8Array(size)
  let at = 0
  for (const part of parts) { out.set(part, at); at += part.byteLength }
  return out
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
    async delete (cid: CID) { await blockstore.delete(cid) },
    async * all () { for await (const pair of blockstore.getAll()) yield pair.cid }
  }
  return {
    dir,
    blocks,
    blockstore,
    datastore,
    async close () {
      await blockstore.close()
      await datastore.close()
    }
  }
}
