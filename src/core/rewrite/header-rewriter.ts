import { appendSafely, ORIGINAL_PREFIX } from '../replay/replay-headers.ts'
import { linkModifier, linkParam } from './link-modifier.ts'
import { rewriteRefresh } from './refresh.ts'
import type { UrlRewriter } from './url-rewriter.ts'

// Memento relations the replay sets itself: an archived response's own (it came from a web archive) are not repeated.
const MEMENTO_RELS = /\b(?:original|timegate|timemap|memento)\b/i

/**
 * The archived headers that name URLs, pointed into the archive: `Content-Location` (unless the replay
 * set one, e.g. for a fuzzy match), `Refresh`, and the archived `Link` entries, added to the replay's `Link` as
 * URI-Ms so preloads load from the archive. The archived values stay as `X-Archive-Orig-*`. Everything
 * else the archive sent (CSP, HSTS, X-Frame-Options, Set-Cookie, …) is already inert under that prefix.
 */
export function rewriteHeaders (headers: Headers, urls: UrlRewriter): void {
  const location = headers.get(`${ORIGINAL_PREFIX}content-location`)
  if (location != null && !headers.has('content-location')) {
    const rewritten = urls.rewrite(location, urls.target.modifier)
    if (rewritten !== location) appendSafely(headers, 'Content-Location', rewritten)
  }
  const refresh = headers.get(`${ORIGINAL_PREFIX}refresh`)
  if (refresh != null) {
    const rewritten = rewriteRefresh(refresh, urls)
    // a refresh to nowhere in particular reloads the page, which is as harmless in the archive as it was live
    appendSafely(headers, 'Refresh', rewritten)
  }
  const link = headers.get(`${ORIGINAL_PREFIX}link`)
  if (link == null) return
  const entries = splitLink(link).filter(e => !MEMENTO_RELS.test(e.params)).map(e => `<${urls.rewrite(e.url, linkModifier(linkParam(e.params, 'rel'), linkParam(e.params, 'as')))}>${e.params}`)
  for (const entry of entries) appendSafely(headers, 'Link', entry)
}

/** `<url>; params, <url>; params`: commas inside `<…>` or quotes do not split. */
export function splitLink (value: string): Array<{ url: string, params: string }> {
  const out: Array<{ url: string, params: string }> = []
  const re = /\s*<([^>]*)>((?:[^,"]|"[^"]*")*)(?:,|$)/g
  for (let m = re.exec(value); m != null && m[0] !== ''; m = re.exec(value)) out.push({ url: m[1] ?? '', params: m[2] ?? '' })
  return out
}
