import { autoNAT } from '@libp2p/autonat'
import { bootstrap } from '@libp2p/bootstrap'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { dcutr } from '@libp2p/dcutr'
import { identify, identifyPush } from '@libp2p/identify'
import type { PrivateKey } from '@libp2p/interface'
import { kadDHT, removePrivateAddressesMapper, removePublicAddressesMapper } from '@libp2p/kad-dht'
import { mdns } from '@libp2p/mdns'
import { noise } from '@libp2p/noise'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { uPnPNAT } from '@libp2p/upnp-nat'
import { webSockets } from '@libp2p/websockets'
import { yamux } from '@libp2p/yamux'
import { ipnsSelector } from 'ipns/selector'
import { ipnsValidator } from 'ipns/validator'
import type { Libp2pOptions } from 'libp2p'
import { PUBLIC_BOOTSTRAP } from './public-bootstrap.ts'

export interface NetworkOptions {
  /** multiaddrs to listen on */
  listen: string[]
  /** explicit bootstrap peers; undefined means the public IPFS network (and mDNS, the Amino DHT) */
  bootstrap?: string[]
  /** map ports on the router with UPnP (only when asked, as Kubo's Swarm.DisableNatPortMap default) */
  upnp?: boolean
}

/** The DHTs hold IPNS records: each is checked against its name's key, the highest sequence wins. */
const IPNS_RECORDS = { validators: { ipns: ipnsValidator }, selectors: { ipns: ipnsSelector } }

/**
 * Queries run with an empty routing table too: a lone node (a laptop on no network, the first node of a
 * lab) then stores its own records and answers at once instead of pausing every put until a peer comes.
 */
const DHT_COMMON = { ...IPNS_RECORDS, allowQueryWithZeroPeers: true }

export const LAN_DHT_PROTOCOL = '/ipfs/lan/kad/1.0.0'
export const AMINO_DHT_PROTOCOL = '/ipfs/kad/1.0.0'

/**
 * The libp2p configuration of `iparo serve` (docs/network.md): TCP and WebSockets with Noise and Yamux,
 * identify, ping, AutoNAT, circuit-relay v2 (as a client: reservations on relays) and DCUtR, and two
 * Kad-DHTs as Kubo runs them: the LAN DHT (private and loopback addresses only, always a server, so that
 * peers on one network can query it) and, on the public network, the Amino DHT (public addresses only,
 * a server once AutoNAT confirms the node is reachable). Explicit bootstrap peers replace the public
 * list and switch off everything that reaches out on its own: the Amino DHT, mDNS and UPnP.
 */
export function libp2pOptions (key: PrivateKey, options: NetworkOptions): Libp2pOptions<Record<string, unknown>> {
  const isPublic = options.bootstrap == null
  const list = options.bootstrap ?? PUBLIC_BOOTSTRAP
  const services: Record<string, (components: any) => unknown> = { // eslint-disable-line @typescript-eslint/no-explicit-any -- libp2p's service factories each take their own components type
    identify: identify(),
    identifyPush: identifyPush(),
    ping: ping(),
    autoNAT: autoNAT(),
    dcutr: dcutr(),
    lanDHT: kadDHT({
      protocol: LAN_DHT_PROTOCOL,
      peerInfoMapper: removePublicAddressesMapper,
      clientMode: false,
      ...DHT_COMMON,
      logPrefix: 'libp2p:dht-lan',
      datastorePrefix: '/dht-lan',
      metricsPrefix: 'libp2p_dht_lan'
    })
  }
  if (isPublic) {
    services.aminoDHT = kadDHT({
      protocol: AMINO_DHT_PROTOCOL,
      peerInfoMapper: removePrivateAddressesMapper,
      ...DHT_COMMON,
      logPrefix: 'libp2p:dht-amino',
      datastorePrefix: '/dht-amino',
      metricsPrefix: 'libp2p_dht_amino'
    })
  }
  if (options.upnp === true) services.upnp = uPnPNAT()
  return {
    privateKey: key,
    addresses: { listen: options.listen },
    transports: [tcp(), webSockets(), circuitRelayTransport()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery: [
      ...(list.length > 0 ? [bootstrap({ list })] : []),
      ...(isPublic ? [mdns()] : [])
    ],
    services
  }
}
