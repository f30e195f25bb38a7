import { InvalidInputError } from '../errors.ts'
import { canonicalFields, requestKey, requestKeyPrefix } from '../request-key.ts'
import { KEY_SCHEME, keyCandidates } from '../surt.ts'
import type { UrlEntry } from '../url-map/url-map.ts'
import { findEntry, FUZZY_SCAN_LIMIT, isIgnorableParam, type FoundEntry, type KeyedEntries } from './fuzzy-match.ts'

/** Request bodies larger than this are not read to match a capture (the key of such a body is its digest). */
const MAX_REQUEST_BODY = 16 * 1024 * 1024

const fieldKey = (f: { name: string, value: string }): string => `${f.name}\u0000${f.value}`

/**
 * The capture answering a request that is not a GET (a POST from a replayed page, a form submit):
 *  1. the same method, URL and canonical body (src/core/request-key.ts);
 *  2. else the capture of the same method and URL whose body shares the most fields — cache-busters and
 *     JSONP names left out, the same rules as for query parameters — first in key order on a tie;
 *  3. else the URL's GET capture (exact or fuzzy), as a page whose POST was never archived still
 *     deserves the page.
 * Anything but (1) is inexact, so the reply carries Content-Location.
 */
export async function findRequestEntry (map: KeyedEntries, url: string, method: string, canonical: string, signal?: AbortSignal, keyScheme = KEY_SCHEME): Promise<FoundEntry | undefined> {
  for (const key of keyCandidates(requestKey(url, method, canonical), url, keyScheme)) {
    const exact = await map.get(key)
    if (exact != null) return { key, entry: exact, exact: true }
  }
  for (const prefix of keyCandidates(requestKeyPrefix(url, method), url, keyScheme)) {
    const near = await nearRequest(map, prefix, canonical, signal)
    if (near != null) return near
  }
  const get = await findEntry(map, url, signal, keyScheme)
  return get == null ? undefined : { ...get, exact: false }
}

/** The capture under `prefix` (a URL and method) whose body shares the most fields with `canonical`. */
async function nearRequest (map: KeyedEntries, prefix: string, canonical: string, signal?: AbortSignal): Promise<FoundEntry | undefined> {
  const wanted = new Set(canonicalFields(canonical).filter(f => !isIgnorableParam(f.name.toLowerCase(), f.value)).map(fieldKey))
  let best: { key: string, entry: UrlEntry, score: number } | undefined
  for await (const [k, entry] of map.range({ prefix, limit: FUZZY_SCAN_LIMIT, signal })) {
    if (k !== prefix && !k.startsWith(`${prefix} `)) continue
    const fields = canonicalFields(k.slice(prefix.length + 1)).filter(f => !isIgnorableParam(f.name.toLowerCase(), f.value))
    const shared = fields.filter(f => wanted.has(fieldKey(f))).length
    // every field the same beats most fields the same; fewer unexplained fields next
    const score = (shared === wanted.size && fields.length === wanted.size ? 1e6 : 0) + shared * 1000 - fields.length
    if (best == null || score > best.score) best = { key: k, entry, score }
  }
  return best == null ? undefined : { key: best.key, entry: best.entry, exact: false }
}

/** The body of a POST (or other method with one) to match it against the archive's request keys. */
export async function readRequestBody (request: Request): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > MAX_REQUEST_BODY) throw new InvalidInputError(`a request body of ${declared} bytes is more than replay matches (${MAX_REQUEST_BODY})`)
  const bytes = new Uint8Array(await request.arrayBuffer())
  if (bytes.byteLength > MAX_REQUEST_BODY) throw new InvalidInputError(`a request body of ${bytes.byteLength} bytes is more than replay matches (${MAX_REQUEST_BODY})`)
  return bytes
}
