import { NotFoundError } from '../src/core/errors.ts'
import { RESERVED_NAMES } from '../src/core/naming/archive-name.ts'
import { parseReplayPath } from '../src/core/replay/replay-path.ts'
import type { RouteHandler } from '../src/core/routing/route-handler.ts'
import { appFileKey, embeddedFile, verifiedCopy } from './kept-app-file.ts'
import type { SwContext } from './sw-context.ts'

const APP_CACHE = 'iparo-app-v1'
/** The client script every rewritten page loads (built by vite.config.ts): the one app file replayed pages get. */
export const REPLAY_CLIENT_PATH = '/replay-client.js'

/** Paths under a name the app keeps for itself (`/assets/…`), even where they read as replay paths. */
export function isReservedPath (url: URL): boolean {
  return RESERVED_NAMES.has((url.pathname.split('/')[1] ?? '').toLowerCase())
}

/** Paths that are the app's whatever they look like: not a replay path, or one under a reserved name. */
export function isAppPath (url: URL): boolean {
  return parseReplayPath(url) == null || isReservedPath(url)
}

/**
 * The replay host page and every file it names, kept at install: the page that registers the worker
 * was loaded before the worker existed, and must open offline too. Our own HTML, so a pattern finds
 * the files (Vite's hashed names change with every build).
 */
export async function precacheApp (origin: string, files: Readonly<Record<string, string>>, pages = ['/replay.html', '/']): Promise<void> {
  const cache = await caches.open(APP_CACHE)
  const wanted = new Set(pages)
  for (const page of pages) {
    const response = await fetch(new URL(page, origin), { cache: 'no-store' })
    // the replay origin sends its `/` to the app's origin: not a page of this one
    if (!response.ok || response.redirected) continue
    for (const m of (await response.clone().text()).matchAll(/\b(?:src|href)="(\/[^"/][^"]*)"/g)) if (m[1] != null) wanted.add(m[1])
    await cache.put(new URL(page, origin), response)
  }
  wanted.add(REPLAY_CLIENT_PATH)
  wanted.delete('/replay.html')
  wanted.delete('/')
  // only the build's own files: nothing else is ever served from the cache (kept-app-file.ts)
  await Promise.all([...wanted].filter(file => files[appFileKey(file)] != null).map(async (file) => {
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

  /**
   * `files`: the build's list of app files and their hashes (sw/app-files.ts): what may be kept, as it
   * was built; `embedded`: the files the worker carries itself (the host page's), served offline first.
   */
  constructor (private readonly files: Readonly<Record<string, string>> = {}, private readonly embedded: Readonly<Record<string, string>> = {}) {}

  canHandle (request: Request, url: URL, context: SwContext): boolean {
    if (url.origin !== context.origin || request.method !== 'GET') return false
    return context.page == null ? isAppPath(url) : url.pathname === REPLAY_CLIENT_PATH
  }

  async handle (request: Request, url: URL): Promise<Response> {
    const cache = await caches.open(APP_CACHE)
    try {
      const response = await fetch(request)
      if (response.ok && this.files[appFileKey(url.pathname)] != null) await cache.put(request, response.clone())
      return response
    } catch (err) {
      const carried = embeddedFile(url.pathname, this.embedded)
      if (carried != null) return carried
      const kept = await cache.match(request, { ignoreSearch: true })
      const verified = kept != null ? await verifiedCopy(kept, url.pathname, this.files) : undefined
      if (verified != null) return verified
      // an altered copy is dropped: the next time the node answers, the real file is kept again
      if (kept != null) await cache.delete(request, { ignoreSearch: true })
      throw new NotFoundError(`${url.pathname} cannot be fetched and was not kept for offline use${kept != null ? ' (the kept copy was altered)' : ''}`, { cause: err })
    }
  }
}
