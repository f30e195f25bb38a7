import type { CID } from 'multiformats/cid'
import type { BlockGetter, BlockOptions } from '../blocks.ts'

/** A block getter that counts what it reads, for the `fetches` of lookups. */
export class CountingBlocks implements BlockGetter {
  reads = 0

  constructor (private readonly blocks: BlockGetter) {}

  async get (cid: CID, options?: BlockOptions): Promise<Uint8Array> {
    this.reads++
    return this.blocks.get(cid, options)
  }
}
