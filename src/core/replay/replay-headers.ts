import type { HttpHeaders } from '../http/index.ts'

/**
 * Archived headers that mean the same on the replay origin as they did on the original site. Everything
 * else (CSP, HSTS, Set-Cookie, X-Frame-Options, caching, CORS, Link, Refresh, …) would act on the
 * archive's origin, so it is renamed `X-Archive-Orig-<name>`: kept for the reader, inert for the browser.
 * Content-Length, Content-Encoding and Location are renamed too; the replay sets them to match what it sends.
 */
const KEPT = new Set(['content-type', 'content-language', 'content-disposition'])

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

/** The archived fields as the replayed response carries them. */
export function replayHeaders (archived: HttpHeaders): Headers {
  const headers = new Headers()
  for (const [name, value] of archived) {
    appendSafely(headers, KEPT.has(name.toLowerCase()) ? name : `${ORIGINAL_PREFIX}${name}`, value)
  }
  return headers
}
