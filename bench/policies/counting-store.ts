import type { CID } from 'multiformats/cid'
import type { BlockOptions, BlockStore } from '../../src/core/blocks.ts'

/** A store that counts reads, except of the blocks named in `ignore` (e.g. the URL map's root). */
export class CountingStore implements BlockStore {
  reads = 0
  private readonly ignore: Set<string>

  constructor (private readonly store: BlockStore, ignore: CID[] = []) {
    this.ignore = new Set(ignore.map(c => c.toString()))
  }

  async get (cid: CID, options?: BlockOptions): Promise<Uint8Array> {
    if (!this.ignore.has(cid.toString())) this.reads++
    return this.store.get(cid, options)
  }

  async put (cid: CID, bytes: Uint8Array, options?: BlockOptions): Promise<void> {
    await this.store.put(cid, bytes, options)
  }

  async has (cid: CID, options?: BlockOptions): Promise<boolean> {
    return this.store.has(cid, options)
  }
}
