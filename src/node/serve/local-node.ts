import type { Server } from 'node:http'
import { ArchiveRegistry } from '../archive-registry.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import { nodePeerId } from '../node-identity.ts'
import type { NetworkNode } from '../p2p/network-node.ts'
import { listenHttp } from './listen-http.ts'
import { originOf, type NodeAddress } from './node-address.ts'
import { nodeHandlers, type NodeServiceRoutes } from './node-handlers.ts'
import { nodeResponder } from './node-responder.ts'
import { StaticFilesHandler } from './static-files-handler.ts'

export interface LocalNodeOptions {
  store: EmbeddedStore
  /** 127.0.0.1 unless told otherwise: the node is for this machine */
  host?: string
  /** 0 picks a free port */
  port?: number
  /** the built web app, served at `/` */
  appDir?: string
  /**
   * A second port serving the same routes: the replay origin, where archived pages and the service
   * worker live, apart from the app's origin (docs/replay-origins.md). 0 picks a free port; undefined
   * opens none.
   */
  replayPort?: number
  log?: (line: string) => void
  /** the libp2p node (`iparo serve` without --offline) */
  network?: NetworkNode
  /** what runs beside the routes: the pinning service, the Kubo RPC (their routes join the list) */
  services?: NodeServiceRoutes
  /** the public URL the app is reached at (`--app-url`), for share links */
  appUrl?: string
}

export interface LocalNode {
  url: string
  port: number
  /** the replay origin's URL, when a replay port was asked for */
  replayUrl?: string
  /** the node's peer ID (its libp2p one, or the one its HTTP routing names) */
  peerId: string
  close (): Promise<void>
}

/**
 * The local IPFS HTTP node: trustless gateway, delegated routing, the archives API, the web app and
 * Memento replay, as an ordered list of route handlers over the embedded store. It reads the store on
 * every request, so ingests by other processes show without a restart.
 */
export async function startLocalNode (options: LocalNodeOptions): Promise<LocalNode> {
  const { store } = options
  const address: NodeAddress = { host: options.host ?? '127.0.0.1', app: 0, replay: undefined }
  const log = options.log ?? (() => {})
  const registry = new ArchiveRegistry(store)
  const peerId = options.network?.peerId ?? await nodePeerId(store.dir)
  const staticFiles = options.appDir != null ? await StaticFilesHandler.open(options.appDir) : undefined
  const handlers = nodeHandlers({ store, registry, peerId, address, staticFiles, network: options.network, services: options.services, appUrl: options.appUrl })
  const respond = nodeResponder(handlers, address, staticFiles, log)
  const servers: Server[] = []
  try {
    address.app = await listenHttp(address.host, options.port ?? 0, respond, servers)
    if (options.replayPort != null) address.replay = await listenHttp(address.host, options.replayPort, respond, servers)
  } catch (err) {
    for (const server of servers) server.close()
    throw err
  }
  return localNode(address, servers, peerId)
}

/** The running node: its URLs, and closing it (with its open connections). */
function localNode ({ host, app, replay }: NodeAddress, servers: Server[], peerId: string): LocalNode {
  return {
    peerId,
    url: `${originOf(host, app)}/`,
    port: app,
    ...(replay != null ? { replayUrl: `${originOf(host, replay)}/` } : {}),
    async close () {
      await Promise.all(servers.map(async server => {
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
      }))
    }
  }
}
