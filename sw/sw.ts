/// <reference lib="webworker" />
import { CID } from 'multiformats/cid'
import { isToWorker, type CacheStats, type FromWorker, type ToWorker } from '../src/browser/replay-messages.ts'
import { NotFoundError } from '../src/core/errors.ts'
import { ArchiveApiHandler } from '../src/core/replay/archive-api-handler.ts'
import { ArchiveReaders } from '../src/core/replay/archive-readers.ts'
import { ReplayHandler } from '../src/core/replay/replay-handler.ts'
import { responseRewriter } from '../src/core/rewrite/rewrite-response.ts'
import { pickHandler, type RouteHandler } from '../src/core/routing/route-handler.ts'
import { errorResponse } from '../src/core/routing/error-response.ts'
import { AppAssetsHandler, precacheApp, REPLAY_CLIENT_PATH } from './app-assets-handler.ts'
import { appOnly } from './app-only.ts'
import { BlockLedger } from './block-ledger.ts'
import { LazyHelia } from './helia-node.ts'
import { PageLog } from './page-log.ts'
import { ReplayCatchAllHandler } from './replay-catch-all-handler.ts'
import { withReplayCsp } from './replay-csp.ts'
import { replayedPageOf } from './replayed-page.ts'
import { saveForOffline } from './save-for-offline.ts'
import { SwArchiveLocator } from './sw-archive-locator.ts'
import type { SwContext } from './sw-context.ts'
import { swDb } from './sw-db.ts'
import { SwReplayHandler } from './sw-replay-handler.ts'
import { loadSettings, saveSettings } from './sw-settings.ts'
import { VerifiedBlocks } from './verified-blocks.ts'

declare const self: ServiceWorkerGlobalScope

/** The page on this origin that hosts the replay frame: the only client the worker takes orders from. */
const HOST_PATH = '/replay.html'
const origin = self.location.origin

const node = new LazyHelia(async () => loadSettings(await swDb(), origin))
const ledger = new BlockLedger({
  db: swDb,
  quota: async () => (await node.get()).settings.quotaBytes,
  async drop (cids) {
    const { helia } = await node.get()
    for (const cid of cids) await helia.blockstore.delete(CID.parse(cid))
  }
})
const blocks = new VerifiedBlocks(node, ledger)
const locator = new SwArchiveLocator(node, swDb)
const pages = new PageLog(swDb)
// The worker rewrites what it replays (the node's Memento endpoint serves archived bytes): docs/rewriting.md.
const readers = new ArchiveReaders(blocks)
const replay = new ReplayHandler({ blocks, locator, readers, decodeContent: true, rewrite: responseRewriter({ clientScript: REPLAY_CLIENT_PATH }) })

// Order matters: app files for the app's own pages, then the archive; a replayed page's requests are
// never app files, and the catch-all takes whatever else they ask for.
const handlers: Array<RouteHandler<SwContext>> = [
  // the app's archive API, answered from the blocks here (online or not), before the app files claim /api/
  appOnly(new ArchiveApiHandler(blocks, locator, readers)),
  new AppAssetsHandler(),
  new SwReplayHandler(replay, pages),
  new ReplayCatchAllHandler()
]

async function respond (event: FetchEvent): Promise<Response> {
  const { request } = event
  const url = new URL(request.url)
  try {
    const context: SwContext = { origin, page: await replayedPageOf(event, self.clients, origin) }
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

self.addEventListener('install', (event) => {
  // A worker installed while the node is unreachable still installs; it caches the app on first use.
  event.waitUntil(precacheApp(origin).catch(() => {}).then(async () => { await self.skipWaiting() }))
})
self.addEventListener('activate', (event) => { event.waitUntil(self.clients.claim()) })
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url)
  // The app's requests to other origins are none of the worker's business; a replayed page's are.
  if (url.origin !== origin && event.clientId === '' && event.request.mode !== 'navigate') return
  event.respondWith(respond(event))
})

async function cacheStats (): Promise<CacheStats> {
  return { ...await ledger.stats(), fetched: blocks.fetched, corruptDropped: blocks.corruptDropped }
}

async function answer (message: ToWorker, reply: (m: FromWorker) => void): Promise<void> {
  try {
    switch (message.type) {
      case 'settings':
        await saveSettings(await swDb(), message.settings)
        await node.reset()
        reply({ type: 'settings', id: message.id, settings: await loadSettings(await swDb(), origin) })
        return
      case 'save': {
        const result = await saveForOffline(message.page, { origin, blocks, locator, ledger, pages }, progress => {
          reply({ type: 'save-progress', id: message.id, progress })
        })
        reply({ type: 'save-done', id: message.id, ...result })
        return
      }
      case 'clear-cache':
        await ledger.clearUnsaved()
        reply({ type: 'stats', id: message.id, stats: await cacheStats() })
        return
      case 'stats':
        reply({ type: 'stats', id: message.id, stats: await cacheStats() })
        return
      case 'saved':
        reply({ type: 'saved', id: message.id, pages: await pages.saved() })
    }
  } catch (err) {
    reply({ type: 'error', id: message.id, name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err) })
  }
}

self.addEventListener('message', (event) => {
  const source = event.source
  // Archived scripts share this origin: only the host page, never a replayed page, may give orders.
  if (!(source instanceof WindowClient) || !isToWorker(event.data)) return
  const at = new URL(source.url)
  // the host page's exact path: a replayed page's URI-M never is `/replay.html`
  if (at.origin !== origin || at.pathname !== HOST_PATH) return
  event.waitUntil(answer(event.data, m => { source.postMessage(m) }))
})
