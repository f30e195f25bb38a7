import { withBitswap } from '@helia/bitswap'
import { ipnsResolver } from '@helia/ipns'
import { withLibp2pLight } from '@helia/libp2p'
import * as dagCbor from '@ipld/dag-cbor'
import { identify } from '@libp2p/identify'
import { kadDHT, removePublicAddressesMapper, type SingleKadDHT } from '@libp2p/kad-dht'
import { bootstrap } from '@libp2p/bootstrap'
import { noise } from '@libp2p/noise'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { MemoryBlockstore } from 'blockstore-core'
import { MemoryDatastore } from 'datastore-core'
import { createHeliaLight } from 'helia'
import { ipnsSelector } from 'ipns/selector'
import { ipnsValidator } from 'ipns/validator'
import { CID } from 'multiformats/cid'
import { collectBytes } from '../../src/core/bytes.ts'
import { verifyBlock } from '../../src/core/blocks.ts'
import { peerIdFromString } from '@libp2p/peer-id'

/**
 * Node B of the network acceptance test: a plain Helia with libp2p, Bitswap and the LAN DHT (the
 * protocol iparo serve runs on private networks), written here rather than taken from the project, so
 * that what it manages shows what any IPFS peer would. Loopback only, bootstrapped with the given peers.
 */
export async function plainHeliaPeer (bootstrapPeers: string[]) {
  const helia = withBitswap(withLibp2pLight(createHeliaLight({ blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore(), codecs: [dagCbor] }), {
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery: [bootstrap({ list: bootstrapPeers })],
    // loosely typed as in src/node/p2p/libp2p-options.ts: each factory takes its own components type
    services: {
      identify: identify(),
      ping: ping(),
      dht: kadDHT({ protocol: '/ipfs/lan/kad/1.0.0', peerInfoMapper: removePublicAddressesMapper, clientMode: false, validators: { ipns: ipnsValidator }, selectors: { ipns: ipnsSelector } }) as (components: any) => unknown // eslint-disable-line @typescript-eslint/no-explicit-any
    }
  }))
  await helia.start()
  const resolver = ipnsResolver(helia)
  return {
    helia,
    /** the DHT's answer for an IPNS name (a k51… name), validated by @helia/ipns */
    async resolve (name: string): Promise<CID> {
      // waits for the DHT to know a peer: bootstrap dials take a moment, and an empty table answers nothing
      const dht = helia.libp2p.services.dht as unknown as SingleKadDHT
      const deadline = Date.now() + 20_000
      while (dht.routingTable.size === 0 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20))
      let value: string | undefined
      for await (const step of resolver.resolve(peerIdFromString(name).toCID(), { signal: AbortSignal.timeout(20_000) })) value = step.value
      const m = /^\/ipfs\/([^/]+)/.exec(value ?? '')
      if (m?.[1] == null) throw new Error(`${name} resolved to ${String(value)}, not an /ipfs/ path`)
      return CID.parse(m[1])
    },
    /** one block over Bitswap, checked against its CID here as well */
    async block (cid: CID): Promise<Uint8Array> {
      return verifyBlock(cid, await collectBytes(helia.blockstore.get(cid, { signal: AbortSignal.timeout(20_000) })))
    },
    async stop (): Promise<void> { await helia.stop() }
  }
}
