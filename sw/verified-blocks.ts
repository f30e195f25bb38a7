import { blockKey, blockMatches, verifyBlock, type BlockGetter, type BlockOptions } from '../src/core/blocks.ts'
import { BlockNotFoundError, BlockVerificationError } from '../src/core/errors.ts'
import type { CID } from 'multiformats/cid'
import { collectBytes } from '../src/core/bytes.ts'
import type { BlockLedger } from './block-ledger.ts'
import type { CarPrefetch } from './car-prefetch.ts'
import { gatewaySentWrongBytes } from './gateway-sent-wrong-bytes.ts'
import type { LazyHelia } from './helia-node.ts'

/**
 * Blocks through Helia (IndexedDB first, then the gateways), each checked against its CID on every
 * read. Helia verifies what it fetches but trusts its own store, and IndexedDB on the replay origin is
 * writable by any archived script: a block that no longer matches is dropped and fetched again.
 */
export class VerifiedBlocks implements BlockGetter {
  /** blocks fetched from the network, and cached blocks found corrupt, since the worker started */
  fetched = 0
  corruptDropped = 0

  constructor (private readonly node: LazyHelia, private readonly ledger: BlockLedger, private readonly car?: CarPrefetch) {}

  async get (cid: CID, options?: BlockOptions): Promise<Uint8Array> {
    const first = await this.read(cid, options)
    if (await blockMatches(cid, first.bytes)) return this.account(cid, first)
    // Helia checked what it fetched, so only a stored block can be wrong: drop it and ask the network.
    this.corruptDropped++
    await (await this.node.get()).helia.blockstore.delete(cid)
    await this.ledger.forget(blockKey(cid))
    const second = await this.read(cid, options)
    await verifyBlock(cid, second.bytes)
    return this.account(cid, second)
  }

  private account (cid: CID, read: { bytes: Uint8Array, fetched: boolean }): Uint8Array {
    if (read.fetched) {
      this.fetched++
      this.ledger.noteAdded(blockKey(cid), cid.toString(), read.bytes.byteLength)
    } else {
      this.ledger.touch(blockKey(cid))
    }
    return read.bytes
  }

  private async read (cid: CID, options?: BlockOptions): Promise<{ bytes: Uint8Array, fetched: boolean }> {
    const { helia, settings } = await this.node.get()
    // a DAG's blocks in one request: they are then read (and verified again) from the blockstore
    // (added after the await: `this.fetched += await …` would read the count before other reads moved it)
    const added = this.car != null ? await this.car.warm(cid, options?.signal) : 0
    this.fetched += added
    let fetched = false
    try {
      const onProgress = (event: { type: string }): void => { if (event.type === 'blocks:get:providers:get') fetched = true }
      const bytes = await collectBytes(helia.blockstore.get(cid, { signal: options?.signal, onProgress }))
      return { bytes, fetched }
    } catch (err) {
      if (options?.signal?.aborted === true) throw options.signal.reason
      if (await gatewaySentWrongBytes(cid, settings.gateways, options?.signal)) throw new BlockVerificationError(cid.toString(), { cause: err })
      throw new BlockNotFoundError(cid.toString(), { cause: err })
    }
  }
}
