import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CachedBlocks } from '../../core/cached-blocks.ts'
import { NotFoundError } from '../../core/errors.ts'
import { ArchiveApiHandler } from '../../core/replay/archive-api-handler.ts'
import { ArchiveReaders } from '../../core/replay/archive-readers.ts'
import { ReplayHandler } from '../../core/replay/replay-handler.ts'
import { errorResponse } from '../../core/routing/error-response.ts'
import { pickHandler, type RouteHandler } from '../../core/routing/route-handler.ts'
import { ArchiveRegistry } from '../archive-registry.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import { nodePeerId } from '../node-identity.ts'
import { answerClientError } from './answer-client-error.ts'
import { ArchivesApiHandler } from './archives-api-handler.ts'
import { preflightResponse, withCors } from './cors.ts'
import { GatewayHandler } from './gateway-handler.ts'
import { LocalArchiveLocator } from './local-archive-locator.ts'
import { NodeInfoHandler } from './node-info-handler.ts'
import { sendWebResponse, toWebRequest } from './node-http-bridge.ts'
import { RoutingHandler } from './routing-handler.ts'
import { refusal, withSecurityHeaders } from './security-headers.ts'
import { StaticFilesHandler } from './static-files-handler.ts'
import { loopbackAliases, SwConfigHandler } from './sw-config-handler.ts'

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
}

export interface LocalNode {
  url: string
  port: number
  /** the replay origin's URL, when a replay port was asked for */
  replayUrl?: string
  close (): Promise<void>
}

/**
 * The local IPFS HTTP node: trustless gateway, delegated routing, the archives API, the web app and
 * Memento replay, as an ordered list of route handlers over the embedded store. It reads the store on
 * every request, so ingests by other processes show without a restart.
 */
export async function startLocalNode (options: LocalNodeOptions): Promise<LocalNode> {
  const { store } = options
  const host = options.host ?? '127.0.0.1'
  const log = options.log ?? (() => {})
  const registry = new ArchiveRegistry(store)
  const peerId = await nodePeerId(store.dir)
  let port = 0
  let replayPort: number | undefined
  const originOf = (p: number): string => `http://${host}:${p}`
  // URL-map nodes, IPARO roots and head pieces are read on every replay; small blocks stay in memory.
  const blocks = new CachedBlocks(store.blocks)
  const locator = new LocalArchiveLocator(registry, blocks)
  const readers = new ArchiveReaders(blocks)
  const staticFiles = options.appDir != null ? await StaticFilesHandler.open(options.appDir) : undefined
  const appOrigins = (): string[] => loopbackAliases(host, port)
  const handlers: RouteHandler[] = [
    new GatewayHandler(store.blocks),
    new RoutingHandler(registry, store.blocks, { peerId, addrs: () => [`/ip4/${host}/tcp/${port}/http`] }),
    new ArchivesApiHandler(registry),
    new ArchiveApiHandler(blocks, locator, readers),
    new NodeInfoHandler(() => ({ app: originOf(port), replay: replayPort != null ? originOf(replayPort) : undefined })),
    new SwConfigHandler(() => ({ app: appOrigins(), replay: originOf(replayPort ?? port) })),
    ...(staticFiles != null ? [staticFiles] : []),
    new ReplayHandler({ blocks, locator, readers })
  ]

  async function respond (req: IncomingMessage, signal: AbortSignal): Promise<Response> {
    try {
      // The Host header only shapes the URIs in Link and Location headers; a bad one falls back to ours.
      const origin = /^[a-z0-9.:[\]-]+$/i.test(req.headers.host ?? '') ? `http://${req.headers.host ?? ''}` : originOf(req.socket.localPort ?? port)
      const request = await toWebRequest(req, origin, signal)
      if (request.method === 'OPTIONS') return preflightResponse()
      const url = new URL(request.url)
      const secured = { appOrigins: appOrigins(), isAppFile: (path: string) => path === '/sw-config.js' || (staticFiles?.has(path) ?? false) }
      // The app never runs on the replay origin, where archived scripts could reach its storage.
      if (replayPort != null && req.socket.localPort === replayPort && (url.pathname === '/' || url.pathname === '/index.html')) {
        return Response.redirect(`${originOf(port)}/${url.hash}`, 302)
      }
      const refused = refusal(request, url)
      if (refused != null) return refused
      const handler = pickHandler(handlers, request, url, undefined)
      if (handler == null) throw new NotFoundError(`nothing is served at ${url.pathname}`)
      return withSecurityHeaders(withCors(await handler.handle(request, url, undefined)), url, secured)
    } catch (err) {
      // the node's one place where errors become responses
      return withSecurityHeaders(withCors(errorResponse(err, log)), new URL('http://error/'), { appOrigins: [], isAppFile: () => false })
    }
  }

  async function onRequest (req: IncomingMessage, res: ServerResponse): Promise<void> {
    const abort = new AbortController()
    res.on('close', () => { if (!res.writableFinished) abort.abort() })
    await sendWebResponse(res, await respond(req, abort.signal), req.method ?? 'GET')
  }

  const servers: Server[] = []
  async function listen (wanted: number): Promise<number> {
    const server = createServer((req, res) => { void onRequest(req, res) })
    server.on('clientError', answerClientError)
    // Replays hold few sockets each; keep them open across a page's subresource burst.
    server.keepAliveTimeout = 30_000
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(wanted, host, () => { server.off('error', reject); resolve() })
    })
    servers.push(server)
    return (server.address() as AddressInfo).port
  }
  try {
    port = await listen(options.port ?? 0)
    if (options.replayPort != null) replayPort = await listen(options.replayPort)
  } catch (err) {
    for (const server of servers) server.close()
    throw err
  }
  return {
    url: `${originOf(port)}/`,
    port,
    ...(replayPort != null ? { replayUrl: `${originOf(replayPort)}/` } : {}),
    async close () {
      await Promise.all(servers.map(async server => {
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
      }))
    }
  }
}
