import { withBitswap } from '@helia/bitswap'
import { withLibp2pLight } from '@helia/libp2p'
import * as dagCbor from '@ipld/dag-cbor'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { createHeliaLight } from 'helia'
import { marshalIPNSRecord, unmarshalIPNSRecord } from 'ipns'
import type { SingleKadDHT } from '@libp2p/kad-dht'
import type { CID } from 'multiformats/cid'
import { collectBytes } from '../../core/bytes.ts'
import { routingKeyOf } from '../../core/naming/ipns-name.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import { nodeKey } from '../node-identity.ts'
import { fetchDag } from './fetch-dag.ts'
import { libp2pOptions, type NetworkOptions } from './libp2p-options.ts'
import type { FetchDagOptions, NetworkNode } from './network-node.ts'
import { reachabilityOf } from './reachability-of.ts'

/** How long one DHT operation may take before it is reported as failed (the DHT retries on its own). */
const DHT_TIMEOUT_MS = 60_000
/** How long a lookup waits for a first peer when the node has none yet (bootstrap dials take a moment). */
const FIRST_PEER_WAIT_MS = 10_000

function parseOrigins (origins: string[] | undefined): Multiaddr[] {
  const out: Multiaddr[] = []
  for (const text of origins ?? []) {
    try {
      out.push(multiaddr(text))
    } catch {
      // an origin that is not a multiaddr names nobody: the DHT may still find providers
    }
  }
  return out
}

/**
 * Waits (briefly) for a first DHT peer: a node just started has an empty routing table, and a lookup
 * then fails at once where a moment later it would find the record. Polled: the DHT adds peers from
 * its own queue after identify, with no event of its own to wait on.
 */
async function firstDhtPeer (dhts: Array<{ routingTable: { size: number } }>, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + FIRST_PEER_WAIT_MS
  while (!dhts.some(d => d.routingTable.size > 0) && Date.now() < deadline && signal?.aborted !== true) {
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}

/**
 * Starts the libp2p side of `iparo serve`: a Helia node (libp2p, Bitswap, the DHTs) over the embedded
 * store, so every block held is served over Bitswap and what is fetched is verified and kept.
 */
export async function startNetworkNode (store: EmbeddedStore, options: NetworkOptions): Promise<NetworkNode> {
  const key = await nodeKey(store.dir)
  const helia = withBitswap(withLibp2pLight(createHeliaLight({
    blockstore: store.blockstore,
    datastore: store.datastore,
    codecs: [dagCbor]
  }), libp2pOptions(key, options)))
  await helia.start()
  const libp2p = helia.libp2p
  const dhts = [libp2p.services.lanDHT, libp2p.services.aminoDHT].filter(d => d != null) as unknown as SingleKadDHT[]
  const explicit = options.bootstrap != null
  const dhtSignal = (signal?: AbortSignal): AbortSignal => AbortSignal.any([AbortSignal.timeout(DHT_TIMEOUT_MS), ...(signal != null ? [signal] : [])])
  return {
    peerId: libp2p.peerId.toString(),
    addresses: () => libp2p.getMultiaddrs().map(a => a.toString()),
    reachability: () => reachabilityOf(libp2p.getMultiaddrs(), explicit),
    async fetchDag (roots: CID[], fetchOptions: FetchDagOptions = {}) {
      const providers = parseOrigins(fetchOptions.origins)
      // Dialled first: Bitswap sends its wants to connected peers before any DHT lookup ends.
      await Promise.allSettled(providers.map(async addr => libp2p.dial(addr, { signal: fetchOptions.signal })))
      const first = roots[0]
      const session = first != null && providers.length > 0 ? helia.blockstore.createSession(first, { providers, signal: fetchOptions.signal }) : helia.blockstore
      const result = await fetchDag({
        local: async (cid) => (await store.blocks.has(cid)) ? store.blocks.get(cid) : undefined,
        // a want unanswered in the session is asked again of everyone: connected peers, the origins, the DHT's providers
        remote: async (cid, { signal }, attempt) => collectBytes(attempt === 1 ? session.get(cid, { signal }) : helia.blockstore.get(cid, { signal, providers }))
      }, roots, fetchOptions)
      await store.blockstore.sync()
      return result
    },
    async provide (cids: CID[], provideOptions = {}) {
      for (const cid of cids) await helia.routing.provide(cid, { signal: dhtSignal(provideOptions.signal) })
    },
    async putIpns (ipns: string, record: Uint8Array, putOptions = {}) {
      await helia.routing.put(routingKeyOf(ipns), record, { signal: dhtSignal(putOptions.signal) })
    },
    async getIpns (ipns: string, getOptions = {}) {
      await firstDhtPeer(dhts, getOptions.signal)
      try {
        const bytes = await helia.routing.get(routingKeyOf(ipns), { signal: dhtSignal(getOptions.signal) })
        // re-marshalled from what was parsed: a record is handed on only in its canonical form
        return marshalIPNSRecord(unmarshalIPNSRecord(bytes))
      } catch (err) {
        if ((err as Error).name === 'NotFoundError' || (err as Error).name === 'AbortError') return undefined
        throw err
      }
    },
    async close () {
      await helia.stop()
    }
  }
}
