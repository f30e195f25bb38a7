import type { CID } from 'multiformats/cid'
import { verifyBlock, type BlockStore } from '../../core/blocks.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import { fetchDag } from '../p2p/fetch-dag.ts'
import type { FetchDagOptions, NetworkNode, Reachability } from '../p2p/network-node.ts'

export const PEER = '12D3KooWGzh9ZbCWkEnpE6hgAxH9nPX4Dm3aJ1AzeqQdBNzu4VZ6'

/**
 * A NetworkNode whose "network" is one other block store (the peer) and a table of IPNS records, for
 * the pin worker's tests: the real DAG walk of src/node/p2p/fetch-dag.ts, every block verified before
 * it is stored here, and a block the peer lacks waited for until the attempt is aborted, as Bitswap
 * waits for a block nobody has. Everything but the libp2p transport is the real thing.
 */
export class StoreNetwork implements NetworkNode {
  readonly peerId = PEER
  readonly fetched: string[][] = []

  constructor (private readonly here: EmbeddedStore, private readonly peer: BlockStore, readonly records = new Map<string, Uint8Array>()) {}

  addresses (): string[] {
    return [`/ip4/127.0.0.1/tcp/4001/p2p/${PEER}`]
  }

  reachability (): Reachability {
    return { status: 'private', detail: 'a test network of one peer' }
  }

  async fetchDag (roots: CID[], options: FetchDagOptions = {}): Promise<{ blocks: number, bytes: number }> {
    this.fetched.push(options.origins ?? [])
    return fetchDag({
      local: async (cid) => (await this.here.blocks.has(cid)) ? this.here.blocks.get(cid) : undefined,
      remote: async (cid, o) => {
        if (!(await this.peer.has(cid))) await abortOf(o.signal)
        const bytes = await verifyBlock(cid, await this.peer.get(cid))
        await this.here.blocks.put(cid, bytes)
        return bytes
      }
    }, roots, options)
  }

  async provide (): Promise<void> {}
  async putIpns (ipns: string, record: Uint8Array): Promise<void> { this.records.set(ipns, record) }
  async getIpns (ipns: string): Promise<Uint8Array | undefined> { return this.records.get(ipns) }
  async close (): Promise<void> {}
}

/** Settles only when the signal aborts, rejecting with its reason (a fetch with no signal never ends). */
async function abortOf (signal: AbortSignal | undefined): Promise<never> {
  signal?.throwIfAborted()
  return new Promise<never>((_resolve, reject) => {
    signal?.addEventListener('abort', () => { reject(signal.reason) }, { once: true })
  })
}
