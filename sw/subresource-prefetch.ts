import { parseReplayPath } from '../src/core/replay/replay-path.ts'

/** Embeds a rewritten page names (docs/rewriting.md): what the browser will ask for without a click. */
const EMBEDS = new Set(['im_', 'js_', 'cs_', 'oe_'])
/** a page's worth: beyond it, the browser's own requests find the rest */
const MAX_PER_PAGE = 64
const MAX_SEEN = 1024
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The same-archive URI-Ms a rewritten HTML page loads as it renders, as absolute URLs on `origin`: what
 * a `src` names (images, scripts, frames) and a stylesheet's `href`, written by the rewriter as
 * `/<archive>/<digits><modifier>/<url>`. Not an icon's or a link's `href`: the browser does not load
 * those in a frame, and a resolution nobody reads costs the gateway requests the prefetch is to save.
 */
export function embedUrlsIn (text: string, origin: string, archive: string): string[] {
  const uriM = `(?:${escapeRegExp(origin)})?/${escapeRegExp(archive)}/\\d+(?:im|js|cs|oe)_/[^"'\\s<>]+`
  const pattern = new RegExp(`\\b(src|href)\\s*=\\s*["']?(${uriM})`, 'gi')
  const found = new Set<string>()
  for (const m of text.matchAll(pattern)) {
    const url = URL.parse((m[2] ?? '').replaceAll('&amp;', '&'), origin)
    const route = url != null ? parseReplayPath(url) : undefined
    if (url == null || route?.kind !== 'memento' || route.archive !== archive || !EMBEDS.has(route.modifier)) continue
    if (m[1]?.toLowerCase() === 'href' && route.modifier !== 'cs_') continue
    found.add(url.href)
    if (found.size >= MAX_PER_PAGE) break
  }
  return [...found]
}

/**
 * Resolves a page's embeds before the browser asks for them: once a rewritten HTML page
 * is served, the URI-Ms it loads (same archive only) are replayed in the background, at most `limit`
 * at once, so that their blocks (URL-map lookup, version index, the IPARO as one CAR) are local when
 * the browser's requests come; a request that arrives while its URL is being resolved waits for that
 * instead of doing the same work beside it. Only blocks are kept: each block is verified when read.
 */
export class SubresourcePrefetch {
  private readonly running = new Map<string, Promise<void>>()
  private readonly queue: string[] = []
  /** URLs already resolved or queued (bounded): a page's embeds are resolved once, not at every page */
  private readonly seen = new Set<string>()

  constructor (private readonly replay: (url: string) => Promise<void>, private readonly limit = 6) {}

  /** The page gets one branch of the body; the other is read for URI-Ms (never delays the page). */
  watch (response: Response, origin: string, archive: string): Response {
    const type = response.headers.get('content-type') ?? ''
    if (response.status !== 200 || response.body == null || !/^text\/html/i.test(type)) return response
    const [page, scan] = response.body.tee()
    void new Response(scan).text().then(text => { this.start(embedUrlsIn(text, origin, archive)) }, () => {})
    return new Response(page, { status: response.status, statusText: response.statusText, headers: response.headers })
  }

  /**
   * Called as the browser asks for `url`: the resolution under way, to wait for; a URL still queued
   * leaves the queue (the browser's request does the work itself, now).
   */
  inFlight (url: string): Promise<void> | undefined {
    const queued = this.queue.indexOf(url)
    if (queued >= 0) this.queue.splice(queued, 1)
    return this.running.get(url)
  }

  private start (urls: string[]): void {
    for (const url of urls) {
      if (this.seen.has(url)) continue
      if (this.seen.size >= MAX_SEEN) this.seen.clear()
      this.seen.add(url)
      this.queue.push(url)
    }
    this.pump()
  }

  private pump (): void {
    while (this.running.size < this.limit) {
      const url = this.queue.shift()
      if (url == null) return
      this.running.set(url, this.replay(url).catch(() => {}).finally(() => {
        this.running.delete(url)
        this.pump()
      }))
    }
  }
}
