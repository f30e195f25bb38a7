import * as dagPb from '@ipld/dag-pb'
import type { CID } from 'multiformats/cid'
import { blockKey } from '../src/core/blocks.ts'
import { fetchCar, type FetchedBlock } from '../src/core/blocks/car-fetch.ts'
import type { BlockLedger } from './block-ledger.ts'
import type { LazyHelia } from './helia-node.ts'

/** What the CAR fetches cost since the worker started (bench/sw and the e2e read the gateway's side). */
export interface CarTraffic { requests: number, blocks: number, bytes: number, refused: number }

/**
 * A UnixFS DAG (an IPARO with its pieces, a payload) fetched in one request instead of one per block:
 * before a dag-pb block the blockstore lacks is read, its DAG comes as a CAR from the first configured
 * gateway that speaks CAR, each block verified against its CID (src/core/blocks/car-fetch.ts) and
 * stored, so the reads that follow are local. Anything that goes wrong (no CAR, a lying block, a
 * dropped connection) leaves the blockstore as it was and the read goes block by block as before.
 */
export class CarPrefetch {
  readonly traffic: CarTraffic = { requests: 0, blocks: 0, bytes: 0, refused: 0 }
  private readonly inflight = new Map<string, Promise<number>>()
  /** gateways that answered without a CAR: asked block by block from then on */
  private readonly noCar = new Set<string>()

  constructor (private readonly node: LazyHelia, private readonly ledger: BlockLedger) {}

  /** Resolves with how many blocks it added (0 when the DAG was already here, on its way, or could not come as a CAR). */
  async warm (cid: CID, signal?: AbortSignal): Promise<number> {
    if (cid.code !== dagPb.code) return 0
    const key = blockKey(cid)
    const running = this.inflight.get(key)
    // a read of a DAG already on its way waits for it; the blocks are counted once, by whoever asked first
    if (running != null) { await running; return 0 }
    const work = this.fetchInto(cid, signal).catch(() => 0).finally(() => this.inflight.delete(key))
    this.inflight.set(key, work)
    return work
  }

  private async fetchInto (cid: CID, signal?: AbortSignal): Promise<number> {
    const { helia, settings } = await this.node.get()
    if (await helia.blockstore.has(cid)) return 0
    for (const gateway of settings.gateways) {
      if (this.noCar.has(gateway)) continue
      const blocks = await this.fetchFrom(gateway, cid, signal)
      if (blocks == null) continue
      let added = 0
      for (const block of blocks) {
        if (await helia.blockstore.has(block.cid)) continue
        await helia.blockstore.put(block.cid, block.bytes)
        this.ledger.noteAdded(blockKey(block.cid), block.cid.toString(), block.bytes.byteLength)
        added++
      }
      return added
    }
    return 0
  }

  private async fetchFrom (gateway: string, cid: CID, signal?: AbortSignal): Promise<FetchedBlock[] | undefined> {
    this.traffic.requests++
    try {
      const blocks = await fetchCar(gateway, cid, signal != null ? { signal } : {})
      if (blocks == null) { this.noCar.add(gateway); return undefined }
      this.traffic.blocks += blocks.length
      for (const b of blocks) this.traffic.bytes += b.bytes.byteLength
      return blocks
    } catch {
      // refused (a block that is not its CID's) or cut off: this answer is dropped whole
      this.traffic.refused++
      return undefined
    }
  }
}
