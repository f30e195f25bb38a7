import { SpillSet } from '../export/spill-set.ts'
import { CachedBlocks } from '../../core/cached-blocks.ts'
import { ArchiveApiHandler } from '../../core/replay/archive-api-handler.ts'
import { ArchiveReaders } from '../../core/replay/archive-readers.ts'
import { ReplayHandler } from '../../core/replay/replay-handler.ts'
import type { RouteHandler } from '../../core/routing/route-handler.ts'
import { ArchiveRegistry } from '../archive-registry.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import type { NetworkNode } from '../p2p/network-node.ts'
import { AnnotationsWriteHandler } from './annotations-write-handler.ts'
import { ArchivesApiHandler } from './archives-api-handler.ts'
import { GatewayHandler } from './gateway-handler.ts'
import { LocalArchiveLocator } from './local-archive-locator.ts'
import { originOf, type NodeAddress } from './node-address.ts'
import { NodeInfoHandler } from './node-info-handler.ts'
import { nodeInfoSource } from './node-info-source.ts'
import { RoutingHandler } from './routing-handler.ts'
import type { StaticFilesHandler } from './static-files-handler.ts'
import { loopbackAliases, SwConfigHandler } from './sw-config-handler.ts'
import { withSyncReads } from './sync-read-datastore.ts'
import { localVersions } from '../namespace/scan-local-versions.ts'

export interface NodeHandlersOptions {
  store: EmbeddedStore
  registry: ArchiveRegistry
  peerId: string
  address: NodeAddress
  staticFiles: StaticFilesHandler | undefined
  /** the libp2p node, absent with --offline */
  network?: NetworkNode
  /** what runs beside the routes (node-services.ts): the pinning service and Kubo RPC routes join the list */
  services?: NodeServiceRoutes
  /** the public URL the app is reached at (`--app-url`), for share links */
  appUrl?: string
}

export interface NodeServiceRoutes {
  handlers: RouteHandler[]
  /** the delegated routers records are republished to */
  routers: string[]
  announcer?: { has (cid: string): boolean }
}

/** The local node's route handlers, in the order they are asked. */
export function nodeHandlers ({ store, registry, peerId, address, staticFiles, network, services, appUrl }: NodeHandlersOptions): RouteHandler[] {
  const { host } = address
  // URL-map nodes, IPARO roots and head pieces are read on every replay; small blocks stay in memory.
  const blocks = new CachedBlocks(store.blocks)
  // every replay reads its archive's name record (a new ingest shows at once): cheaply (sync-read-datastore.ts)
  const names = new ArchiveRegistry(withSyncReads(store))
  const locator = new LocalArchiveLocator(names, blocks)
  const readers = new ArchiveReaders(blocks)
  const info = nodeInfoSource({ store, registry, network, appUrl, routers: services?.routers ?? [], announced: cid => services?.announcer?.has(cid) === true })
  return [
    new GatewayHandler(store.blocks, async () => SpillSet.open(store.dir)),
    new RoutingHandler(registry, store.blocks, { peerId, addrs: () => [`/ip4/${host}/tcp/${address.app}/http`] }, network),
    ...(services?.handlers ?? []),
    new AnnotationsWriteHandler(store, registry, () => ({ app: loopbackAliases(host, address.app), replay: address.replay != null ? originOf(host, address.replay) : undefined })),
    new ArchivesApiHandler(registry),
    new ArchiveApiHandler(blocks, locator, readers),
    new NodeInfoHandler(() => ({ app: originOf(host, address.app), replay: address.replay != null ? originOf(host, address.replay) : undefined }), info),
    new SwConfigHandler(() => ({ app: [...loopbackAliases(host, address.app), ...(appUrl != null ? [new URL(appUrl).origin] : [])], replay: originOf(host, address.replay ?? address.app) })),
    ...(staticFiles != null ? [staticFiles] : []),
    // `/_local/…`: what this node holds of a URL, found by CID namespace (docs/namespacing.md)
    new ReplayHandler({ blocks, locator, readers, localVersions: localVersions(store, names, blocks) })
  ]
}
