import type { HttpHeaders } from '../http/index.ts'

/**
 * Archived headers that mean the same on the replay origin as they did on the original site. Everything
 * else (CSP, HSTS, Set-Cookie, X-Frame-Options, caching, CORS, Link, Refresh, …) would act on the
 * archive's origin, so it is renamed `X-Archive-Orig-<name>`: kept for the reader, inert for the browser.
 * Content-Length, Content-Encoding and Location are renamed too; the replay sets them to match what it sends.
 */
const KEPT = new Set(['content-type', 'content-language', 'content-disposition'])
/**
 * `id_` (identity, as in pywb) also keeps `Location` as captured, relative or absolute, not pointed into
 * the archive: tools comparing captures want the archived value. Everything that would act on the replay
 * origin stays renamed even then: Set-Cookie (cookies are not port-bound, so the app's origin would get
 * them), CSP, HSTS, CORS, caching, Refresh, WWW-Authenticate (a password prompt in the archive's name), and
 * the hop-by-hop and framing fields the replay recomputes. The edges' own policy (the sandbox CSP on the node,
 * the replay CSP in the worker) is added after the handler, on every response.
 */
const KEPT_IDENTITY = new Set([...KEPT, 'location'])

export const ORIGINAL_PREFIX = 'X-Archive-Orig-'

/** Adds a field, dropping one the Fetch API refuses (a NUL or bare CR in an archived value) rather than failing the reply. */
export function appendSafely (headers: Headers, name: string, value: string): boolean {
  try {
    headers.append(name, value)
    return true
  } catch {
    return false
  }
}

/** The archived fields as the replayed response carries them; `identity` for `id_`. */
export function replayHeaders (archived: HttpHeaders, identity = false): Headers {
  const headers = new Headers()
  const kept = identity ? KEPT_IDENTITY : KEPT
  for (const [name, value] of archived) {
    appendSafely(headers, kept.has(name.toLowerCase()) ? name : `${ORIGINAL_PREFIX}${name}`, value)
  }
  return headers
}
