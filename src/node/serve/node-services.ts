import type { RouteHandler } from '../../core/routing/route-handler.ts'
import type { ArchiveRegistry } from '../archive-registry.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import { KuboRpcHandler } from '../kubo/kubo-rpc-handler.ts'
import { ArchiveAnnouncer } from '../p2p/archive-announcer.ts'
import type { ProvideStrategy } from '../p2p/network-cli-options.ts'
import type { NetworkNode } from '../p2p/network-node.ts'
import { createPinningService } from '../pinning/pinning-service.ts'
import { Republisher, routerTargets, type RepublishTarget } from '../publish/republisher.ts'
import { TokenStore } from '../tokens/token-store.ts'

export interface NodeServicesOptions {
  store: EmbeddedStore
  registry: ArchiveRegistry
  network?: NetworkNode
  provide: ProvideStrategy
  /** delegated routers the republisher sends records to (none when the node is offline or bootstrapped explicitly) */
  routers: string[]
  /** the lifetime of records this node re-signs (`--ipns-validity`) */
  ipnsValidityMs?: number
  /** the node's own HTTP gateway as a multiaddr: the pinning API's delegate when there is no libp2p */
  httpDelegate: () => string[]
  log: (line: string) => void
}

export interface NodeServices {
  /** routes for the node's list: the pinning service API and the Kubo RPC */
  handlers: RouteHandler[]
  routers: string[]
  announcer?: ArchiveAnnouncer
  start (): void
  stop (): Promise<void>
}

/**
 * What `iparo serve` runs beside its routes: the pinning service and its worker, the Kubo RPC, the
 * republisher of IPNS records, and the announcer of what the node provides (docs/network.md).
 */
export function nodeServices (options: NodeServicesOptions): NodeServices {
  const { store, registry, network, log } = options
  const tokens = new TokenStore(store.dir)
  const pinning = createPinningService({ store, registry, tokens, network, fallbackDelegates: options.httpDelegate, log })
  const kubo = new KuboRpcHandler({ store, registry, tokens, pins: pinning.pins, network, log })
  const dht: RepublishTarget[] = network != null ? [{ name: 'dht', put: async (ipns, record, signal) => network.putIpns(ipns, record, { signal }) }] : []
  const republisher = new Republisher({
    store,
    targets: [...dht, ...routerTargets(options.routers)],
    ...(options.ipnsValidityMs != null ? { validityMs: options.ipnsValidityMs } : {}),
    onEvent: line => { log(`iparo ${line}`) }
  })
  const announcer = network != null
    ? new ArchiveAnnouncer({ store, registry, network, strategy: options.provide, pinnedRoots: async () => pinning.pins.roots(), log })
    : undefined
  return {
    handlers: [pinning.handler, kubo],
    routers: options.routers,
    ...(announcer != null ? { announcer } : {}),
    start () {
      pinning.worker.start()
      republisher.start()
      announcer?.start()
    },
    async stop () {
      await Promise.all([pinning.worker.stop(), republisher.stop(), announcer?.stop()])
    }
  }
}
