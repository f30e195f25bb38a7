import type { CID } from 'multiformats/cid'
import type { KeySet } from '../../core/car/key-set.ts'
import type { CidQueue } from '../kubo/cid-queue.ts'

/** Whether peers outside this machine's networks can dial the node, as far as it can tell. */
export interface Reachability {
  /** `public`: a public address was confirmed (AutoNAT) or a relay reservation holds; `private`: only
   * private or loopback addresses; `unknown`: not yet determined */
  status: 'public' | 'relayed' | 'private' | 'unknown'
  /** one plain sentence for `iparo serve`'s output and the settings page */
  detail: string
}

export interface FetchDagOptions {
  /** multiaddrs (ending in /p2p/<peer>) dialled first: the pin request's `origins` */
  origins?: string[]
  signal?: AbortSignal
  /** called as blocks arrive, with the running totals */
  onProgress?: (progress: { blocks: number, bytes: number }) => void
  /** the blocks met (default: in memory; the pin worker passes a SpillSet) */
  visited?: KeySet
  /** the blocks still to fetch (default: in memory; the pin worker passes a SpillCidQueue) */
  queue?: CidQueue
}

/**
 * The libp2p side of `iparo serve` (src/node/p2p): a Helia full node over the embedded store, serving
 * Bitswap for every block held and speaking the Kad-DHT. Absent with `--offline`: callers then keep
 * their work waiting (pins stay queued) instead of failing.
 */
export interface NetworkNode {
  /** the node's peer ID (12D3Koo…), persisted in the data folder (keys/node.key) */
  readonly peerId: string
  /** the multiaddrs others can dial, each ending in /p2p/<peerId> */
  addresses (): string[]
  reachability (): Reachability
  /**
   * Fetches every block reachable from the roots (dag-cbor, dag-pb and raw links) over Bitswap, from
   * the origins and whoever the DHT names as providers; every block is verified against its CID and
   * written to the embedded store. Blocks already held are not fetched again.
   */
  fetchDag (roots: CID[], options?: FetchDagOptions): Promise<{ blocks: number, bytes: number }>
  /** announces the CIDs as provided by this node in the DHT (provider records) */
  provide (cids: CID[], options?: { signal?: AbortSignal }): Promise<void>
  /** puts a marshalled, signed IPNS record into the DHT under its name */
  putIpns (ipns: string, record: Uint8Array, options?: { signal?: AbortSignal }): Promise<void>
  /** the best (highest-sequence, valid) record the DHT holds for a name, or undefined */
  getIpns (ipns: string, options?: { signal?: AbortSignal }): Promise<Uint8Array | undefined>
  close (): Promise<void>
}
