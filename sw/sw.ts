/// <reference lib="webworker" />
import appFiles, { embedded } from './app-files.js'
import config from './sw-config.js'
import { CID } from 'multiformats/cid'
import { NotFoundError } from '../src/core/errors.ts'
import { ArchiveApiHandler } from '../src/core/replay/archive-api-handler.ts'
import { ArchiveReaders } from '../src/core/replay/archive-readers.ts'
import { ReplayHandler } from '../src/core/replay/replay-handler.ts'
import { responseRewriter } from '../src/core/rewrite/rewrite-response.ts'
import { pickHandler, type RouteHandler } from '../src/core/routing/route-handler.ts'
import { errorResponse } from '../src/core/routing/error-response.ts'
import type { CacheStats, FromHost } from '../src/messages/replay-messages.ts'
import { AppAssetsHandler, precacheApp, REPLAY_CLIENT_PATH } from './app-assets-handler.ts'
import { appOnly } from './app-only.ts'
import { BlockLedger } from './block-ledger.ts'
import { CallHandler } from './call-handler.ts'
import { CarPrefetch } from './car-prefetch.ts'
import { LazyHelia } from './helia-node.ts'
import { PageLog } from './page-log.ts'
import { ReplayCatchAllHandler } from './replay-catch-all-handler.ts'
import { withReplayCsp } from './replay-csp.ts'
import { replayedPageOf } from './replayed-page.ts'
import { SwArchiveLocator } from './sw-archive-locator.ts'
import type { SwContext } from './sw-context.ts'
import { swDb } from './sw-db.ts'
import { SubresourcePrefetch } from './subresource-prefetch.ts'
import { SwReplayHandler } from './sw-replay-handler.ts'
import { appOriginsOf, defaultSettings, replaysHere, SwSettings } from './sw-settings.ts'
import { VerifiedBlocks } from './verified-blocks.ts'
import { callAnswerer } from './worker-calls.ts'

declare const self: ServiceWorkerGlobalScope

/** The page on this origin that hosts the replay frame. */
const HOST_PATH = '/replay.html'
const origin = self.location.origin

/** Asks the host pages framed by an app to have it push its settings: false when none is open. */
async function askApp (): Promise<boolean> {
  const hosts = (await self.clients.matchAll({ type: 'window' })).filter(c => c.frameType === 'nested' && new URL(c.url).pathname === HOST_PATH)
  const wanted: FromHost = { type: 'settings-wanted' }
  for (const host of hosts) host.postMessage(wanted)
  return hosts.length > 0
}

const settings = new SwSettings(defaultSettings(config), askApp)
const node = new LazyHelia(async () => settings.current())
const ledger = new BlockLedger({
  db: swDb,
  quota: async () => settings.quota(),
  async drop (cids) {
    const { helia } = await node.get()
    for (const cid of cids) await helia.blockstore.delete(CID.parse(cid))
  }
})
const blocks = new VerifiedBlocks(node, ledger, new CarPrefetch(node, ledger))
const locator = new SwArchiveLocator(node, settings)
const pages = new PageLog(swDb)
// The worker rewrites what it replays (the node's Memento endpoint serves archived bytes): docs/rewriting.md.
const readers = new ArchiveReaders(blocks)
const replay = new ReplayHandler({ blocks, locator, readers, decodeContent: true, rewrite: responseRewriter({ clientScript: REPLAY_CLIENT_PATH }) })

// a page's embeds resolved ahead, bounded (docs/round-trips.md): only their blocks are kept
const prefetch = new SubresourcePrefetch(async (url) => {
  const response = await replay.handle(new Request(url), new URL(url))
  await response.body?.cancel()
})

async function cacheStats (): Promise<CacheStats> {
  return { ...await ledger.stats(), fetched: blocks.fetched, corruptDropped: blocks.corruptDropped }
}

// Order matters: the app's orders first (whoever asks: the handler checks the referrer), app files
// for the app's own pages, then the archive; a replayed page's requests are never app files, and the
// catch-all takes whatever else they ask for. On the app's origin only the app's files: an archived
// page replayed there would run its scripts beside the user's settings.
const handlers: Array<RouteHandler<SwContext>> = !replaysHere(config, origin) ? [new AppAssetsHandler(appFiles, embedded)] : [
  new CallHandler(appOriginsOf(config, origin), callAnswerer({
    origin, settings, node, ledger, blocks, locator, pages, stats: cacheStats,
    route: async (request) => route(request, { origin, page: undefined })
  })),
  // the app's archive API, answered from the blocks here (online or not), before the app files claim /api/
  appOnly(new ArchiveApiHandler(blocks, locator, readers)),
  new AppAssetsHandler(appFiles, embedded),
  new SwReplayHandler(replay, pages, prefetch),
  new ReplayCatchAllHandler()
]

async function route (request: Request, context: SwContext): Promise<Response> {
  const url = new URL(request.url)
  try {
    const handler = pickHandler(handlers, request, url, context)
    if (handler != null) return await handler.handle(request, url, context)
    // Only the app's own pages get here (a replayed page always has the catch-all): their requests
    // are not archived content, and go where they were sent; a failure stays a network error for the
    // page (the app tests gateways' reachability), not an error response made here.
    if (context.page == null) return await fetch(request).catch(() => Response.error())
    throw new NotFoundError(`nothing answers ${url.href} here`)
  } catch (err) {
    // the worker's one place where errors become responses
    return withReplayCsp(errorResponse(err, (line, cause) => { console.error(line, cause) }))
  }
}

async function respond (event: FetchEvent): Promise<Response> {
  let page
  try {
    page = await replayedPageOf(event, self.clients, origin)
  } catch (err) {
    return withReplayCsp(errorResponse(err, (line, cause) => { console.error(line, cause) }))
  }
  return route(event.request, { origin, page })
}

self.addEventListener('install', (event) => {
  // A worker installed while the node is unreachable still installs; it caches the app on first use.
  // the app's page only where the app runs (on the replay origin, `/` is sent to the app's origin)
  const pages = appOriginsOf(config, origin).has(origin) ? ['/replay.html', '/'] : ['/replay.html']
  event.waitUntil(precacheApp(origin, appFiles, pages).catch(() => {}).then(async () => { await self.skipWaiting() }))
})
self.addEventListener('activate', (event) => { event.waitUntil(self.clients.claim()) })
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url)
  // The app's requests to other origins are none of the worker's business; a replayed page's are.
  if (url.origin !== origin && event.clientId === '' && event.request.mode !== 'navigate') return
  event.respondWith(respond(event))
})
// No message listener: pages of this origin (archived ones among them) can post anything, so the
// worker takes no orders by message (docs/replay-origins.md).
