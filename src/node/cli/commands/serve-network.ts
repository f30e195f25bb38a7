import { DEFAULT_LISTEN } from '../../p2p/public-bootstrap.ts'
import type { NetworkOptions } from '../../p2p/libp2p-options.ts'
import type { NetworkNode } from '../../p2p/network-node.ts'
import { startNetworkNode } from '../../p2p/start-network-node.ts'
import type { EmbeddedStore } from '../../embedded-store.ts'

/**
 * The libp2p node for `iparo serve`. The default ports are Kubo's (4001 TCP, 4002 WebSockets); when
 * another node holds them, any free ports do rather than no network at all.
 */
export async function startServeNetwork (store: EmbeddedStore, options: NetworkOptions, log: (line: string) => void): Promise<NetworkNode> {
  try {
    return await startNetworkNode(store, options)
  } catch (err) {
    if (options.listen !== DEFAULT_LISTEN) throw err
    log(`iparo: the default libp2p ports are taken (${(err as Error).message}); listening on free ports`)
    return startNetworkNode(store, { ...options, listen: DEFAULT_LISTEN.map(a => a.replace(/\/tcp\/\d+/, '/tcp/0')) })
  }
}

/** The lines `iparo serve` prints after its first two: one per libp2p address, then reachability. */
export function networkLines (network: NetworkNode | undefined): string {
  if (network == null) return 'iparo libp2p offline (--offline: no peers, pins wait)\n'
  const reach = network.reachability()
  return network.addresses().map(a => `iparo libp2p ${a}\n`).join('') + `iparo reachability ${reach.status}: ${reach.detail}\n`
}

/** Prints a line whenever the node's reachability changes (AutoNAT, a relay reservation, UPnP). */
export function watchReachability (network: NetworkNode, print: (line: string) => void, intervalMs = 5_000): () => void {
  let last = network.reachability().status
  const timer = setInterval(() => {
    const now = network.reachability()
    if (now.status === last) return
    last = now.status
    print(`iparo reachability ${now.status}: ${now.detail}`)
    for (const addr of network.addresses()) print(`iparo libp2p ${addr}`)
  }, intervalMs)
  timer.unref()
  return () => { clearInterval(timer) }
}
