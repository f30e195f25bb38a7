import type { Multiaddr } from '@multiformats/multiaddr'
import { isLoopback, isPrivate } from '@libp2p/utils'
import type { Reachability } from './network-node.ts'

/**
 * What the node's current addresses say about who can dial it. libp2p lists a public address only once
 * it is confirmed (AutoNAT, UPnP) and a `/p2p-circuit` address only while a relay reservation holds, so
 * the addresses themselves are the evidence.
 */
export function reachabilityOf (addrs: Multiaddr[], explicitBootstrap: boolean): Reachability {
  const text = addrs.map(a => a.toString())
  if (text.some(a => a.includes('/p2p-circuit'))) {
    return { status: 'relayed', detail: 'reachable from outside through a circuit relay (peers may upgrade to a direct connection by hole punching)' }
  }
  const direct = addrs.filter(a => !a.toString().includes('/p2p-circuit'))
  if (direct.some(a => !isLoopback(a) && !isPrivate(a))) {
    return { status: 'public', detail: 'reachable from outside at a public address' }
  }
  if (explicitBootstrap) {
    return { status: 'private', detail: 'reachable only on this machine or its local network (private addresses; explicit bootstrap peers)' }
  }
  return { status: 'unknown', detail: 'not yet known to be reachable from outside: only private addresses so far (AutoNAT and relays may change this)' }
}
