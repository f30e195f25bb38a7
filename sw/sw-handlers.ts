import { RESERVED_NAMES } from '../src/core/naming/archive-name.ts'
import type { ReplayHandler } from '../src/core/replay/replay-handler.ts'
import { parseReplayPath } from '../src/core/replay/replay-path.ts'
import type { RouteHandler } from '../src/core/routing/route-handler.ts'
import type { PageLog } from './page-log.ts'
import type { ReplayedPage } from './replayed-page.ts'
import { withReplayCsp } from './replay-csp.ts'

/** What the worker knows of a request beyond the request itself. */
export interface SwContext {
  origin: string
  /** set when the requesting client is a replayed page: then the archive answers, nothing else */
  page: ReplayedPage | undefined
}

const APP_CACHE = 'iparo-app-v1'
// The node's own APIs change with every ingest; only the app's files are kept for offline use.
const UNCACHED = /^\/(ipfs|ipns|routing|api)\//

function isAppPath (url: URL): boolean {
  if (parseReplayPath(url) == null) return true
  return RESERVED_NAMES.has((url.pathname.split('/')[1] ?? '').toLowerCase())
}

/**
 * The replay host page and every file it names, kept at install: the page that registers the worker
 * was loaded before the worker existed, and must open offline too. Our own HTML, so a pattern finds
 * the files (Vite's hashed names change with every build).
 */
export async function precacheApp (origin: string, pages = ['/replay.html', '/']): Promise<void> {
  const cache = await caches.open(APP_CACHE)
  const files = new Set(pages)
  for (const page of pages) {
    const response = await fetch(new URL(page, origin), { cache: 'no-store' })
    if (!response.ok) continue
    for (const m of (await response.clone().text()).matchAll(/\b(?:src|href)="(\/[^"/][^"]*)"/g)) if (m[1] != null) files.add(m[1])
    await cache.put(new URL(page, origin), response)
  }
  files.delete('/replay.html')
  files.delete('/')
  await Promise.all([...files].map(async (file) => {
    const response = await fetch(new URL(file, origin))
    if (response.ok) await cache.put(new URL(file, origin), response)
  }))
}

/**
 * The app's own files (the replay host page, scripts, styles) for clients that are not replayed pages:
 * network first, so a rebuilt app shows at once, with a copy kept for when the node is gone.
 */
export class AppAssetsHandler implements RouteHandler<SwContext> {
  readonly name = 'app-assets'

  canHandle (request: Request, url: URL, context: SwContext): boolean {
    return context.page == null && url.origin === context.origin && request.method === 'GET' && isAppPath(url)
  }

  async handle (request: Request, url: URL): Promise<Response> {
    const cache = await caches.open(APP_CACHE)
    try {
      const response = await fetch(request)
      if (response.ok && !UNCACHED.test(url.pathname)) await cache.put(request, response.clone())
      return response
    } catch (err) {
      const cached = await cache.match(request, { ignoreSearch: true })
      if (cached != null) return cached
      throw err
    }
  }
}

/** URI-Ms, TimeGates and TimeMaps on this origin: the isomorphic replay handler, under the replay CSP. */
export class SwReplayHandler implements RouteHandler<SwContext> {
  readonly name = 'replay'

  constructor (private readonly replay: ReplayHandler, private readonly pages: PageLog) {}

  canHandle (request: Request, url: URL, context: SwContext): boolean {
    if (url.origin !== context.origin || isAppPath(url) || !this.replay.canHandle(request, url)) return false
    // A replayed page's own root-relative paths look like replay paths (`/about/team` reads as archive
    // "about"): from a page, only URLs into its own archive are replay URLs, the rest is the catch-all's.
    return context.page == null || parseReplayPath(url)?.archive === context.page.archive
  }

  async handle (request: Request, url: URL, context: SwContext): Promise<Response> {
    const response = await this.replay.handle(request, url)
    const path = url.pathname + url.search
    if (context.page != null) this.pages.record(context.page.path, path)
    else if (request.mode === 'navigate' && response.status === 200) this.pages.record(path, path)
    return withReplayCsp(response)
  }
}

/**
 * Everything else a replayed page asks for — a root-relative or absolute URL on this origin, another
 * origin altogether — goes to the archive at the page's datetime: a redirect to that URI-M, which the
 * replay handler then answers with the closest capture or a 404. Nothing is ever forwarded.
 */
export class ReplayCatchAllHandler implements RouteHandler<SwContext> {
  readonly name = 'replay-catch-all'

  canHandle (_request: Request, _url: URL, context: SwContext): boolean {
    return context.page != null
  }

  async handle (_request: Request, url: URL, context: SwContext): Promise<Response> {
    const page = context.page
    if (page == null) throw new TypeError('the catch-all answers replayed pages only')
    // On this origin the path was meant for the page's own host (it escaped rewriting); elsewhere the URL is archived as is.
    const original = url.origin === context.origin ? new URL(url.pathname + url.search, page.url).href : url.href
    const target = new URL(`/${page.archive}/${page.digits}/${original}`, context.origin)
    return withReplayCsp(new Response(null, { status: 302, headers: { Location: target.href } }))
  }
}
