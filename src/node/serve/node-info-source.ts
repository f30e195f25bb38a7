import type { ArchiveRegistry } from '../archive-registry.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import type { NetworkNode } from '../p2p/network-node.ts'
import { listPinServices } from '../pinning/pin-services.ts'
import { remotePinStatuses } from '../pinning/remote-pins.ts'
import { publishedTo } from '../publish/published-to.ts'
import { archivePins, type NodeInfoSource } from './node-info-handler.ts'

export interface NodeInfoSourceOptions {
  store: EmbeddedStore
  registry: ArchiveRegistry
  network?: NetworkNode
  appUrl?: string
  /** the routers the republisher sends records to */
  routers: string[]
  /** whether the node announced a CID in the DHT */
  announced?: (cid: string) => boolean
}

/** What `GET /api/v1/node` and `/api/v1/node/archives` say, read from the node's real parts. */
export function nodeInfoSource (options: NodeInfoSourceOptions): NodeInfoSource {
  const { store, registry, network } = options
  return {
    appUrl: () => options.appUrl,
    network: () => network,
    routers: () => options.routers,
    archives: async () => registry.list(),
    published: async a => publishedTo(store, a.ipns),
    pins: async a => archivePins(await remotePinStatuses(store.dir), a),
    announced: a => network != null && options.announced?.(a.root) === true,
    pinningServices: async () => listPinServices(store.dir)
  }
}
