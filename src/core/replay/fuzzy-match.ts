import { decodeLatin1, encodeLatin1 } from '../http/latin1.ts'
import { KEY_SCHEME, keyCandidates, parseHttpUrl, surt } from '../surt.ts'
import type { RangeOptions, UrlEntry } from '../url-map/url-map.ts'

/** What the lookup needs of the URL map: one key, or a scan of keys. */
export interface KeyedEntries {
  get (key: string): Promise<UrlEntry | undefined>
  range (options: RangeOptions): AsyncIterable<[string, UrlEntry]>
}

export interface FoundEntry {
  key: string
  entry: UrlEntry
  /** false when the key differs from the request's: the reply says what it served (Content-Location) */
  exact: boolean
}

/**
 * How many keys of the same host and path a fuzzy lookup reads at most: enough for an API endpoint
 * captured with many cache-busters, small enough that a miss costs a few URL-map leaves, not a host.
 */
export const FUZZY_SCAN_LIMIT = 256

/** Parameters whose values carry no meaning for the archive: trackers and cache-busters, by name. */
const IGNORED_NAMES = new Set([
  '_', 'cb', 'cachebuster', 'cache_buster', 'cachebust', 'nocache', 'no_cache', 'rnd', 'rand', 'random', 'ts', 'timestamp', '_t',
  'fbclid', 'gclid', 'dclid', 'msclkid', 'mc_cid', 'mc_eid', '_ga', '_gl', 'yclid'
])
/** JSONP: the page names the function the response calls; the archived body calls the one named at capture. */
export const CALLBACK_NAMES = new Set(['callback', 'jsonp', 'jsoncallback', 'jsonpcallback'])
// Epoch seconds or milliseconds (optionally fractional), and Math.random() output: cache-busters by value.
const TIMESTAMP_VALUE = /^1\d{9}(\d{3})?(\.\d+)?$/
const RANDOM_VALUE = /^0\.\d{6,}$/

interface Param { name: string, value: string }

function splitParam (p: string): Param {
  const eq = p.indexOf('=')
  return eq < 0 ? { name: p, value: '' } : { name: p.slice(0, eq), value: p.slice(eq + 1) }
}

/** Whether a parameter is a cache-buster, a tracker or a JSONP callback name (names as in SURT keys: lowercased). */
export function isIgnorableParam (name: string, value: string): boolean {
  return IGNORED_NAMES.has(name) || name.startsWith('utm_') || CALLBACK_NAMES.has(name) ||
    TIMESTAMP_VALUE.test(value) || RANDOM_VALUE.test(value)
}

/** A SURT key split at its query: the key without it, and its parameters. */
function keyParts (key: string): { base: string, params: Param[] } {
  const q = key.indexOf('?')
  if (q < 0) return { base: key, params: [] }
  return { base: key.slice(0, q), params: key.slice(q + 1).split('&').filter(p => p !== '').map(splitParam) }
}

const significant = (params: Param[]): string =>
  params.filter(p => !isIgnorableParam(p.name, p.value)).map(p => `${p.name}=${p.value}`).sort().join('&')

/**
 * The URL-map entry for a URL: its own key, else the capture of the same host and path whose query
 * differs only in cache-busters, trackers and JSONP callback names (ignored by name, or by a value that
 * is an epoch timestamp or a Math.random() number). http/https and one leading `www.` need no search:
 * SURT folds them into one key. Among several candidates the one sharing the most ignorable parameter
 * names wins (the same kind of request), then the first in key order. Reads at most FUZZY_SCAN_LIMIT keys
 * per key tried. In an archive of an older key scheme (`keyScheme`, docs/url-map.md "Keys") the URL's key
 * in that scheme is tried too: exact keys first, then near ones.
 */
export async function findEntry (map: KeyedEntries, url: string, signal?: AbortSignal, keyScheme = KEY_SCHEME): Promise<FoundEntry | undefined> {
  const keys = keyCandidates(surt(url), url, keyScheme)
  for (const key of keys) {
    const entry = await map.get(key)
    if (entry != null) return { key, entry, exact: true }
  }
  if (parseHttpUrl(url) == null) return undefined
  for (const key of keys) {
    const near = await nearEntry(map, key, signal)
    if (near != null) return near
  }
  return undefined
}

/** The capture of the same host and path as `key` whose query differs only in ignorable parameters. */
async function nearEntry (map: KeyedEntries, key: string, signal?: AbortSignal): Promise<FoundEntry | undefined> {
  const wanted = keyParts(key)
  const wantedSignificant = significant(wanted.params)
  const wantedNames = new Set(wanted.params.map(p => p.name))
  let best: { key: string, entry: UrlEntry, score: number } | undefined
  const consider = (candidateKey: string, candidate: UrlEntry): void => {
    const parts = keyParts(candidateKey)
    if (parts.base !== wanted.base || significant(parts.params) !== wantedSignificant) return
    const score = parts.params.filter(p => wantedNames.has(p.name)).length - parts.params.length / 1000
    if (best == null || score > best.score) best = { key: candidateKey, entry: candidate, score }
  }
  // the key without a query sorts before every key with one, so it is read on its own
  if (wanted.params.length > 0) {
    const bare = await map.get(wanted.base)
    if (bare != null) consider(wanted.base, bare)
  }
  for await (const [k, e] of map.range({ prefix: `${wanted.base}?`, limit: FUZZY_SCAN_LIMIT, signal })) consider(k, e)
  return best == null ? undefined : { key: best.key, entry: best.entry, exact: false }
}

/** The JSONP callback name a URL asks for, as written (case kept), when it is a plain JS name. */
export function callbackName (url: string): string | undefined {
  // no query, no callback: most URLs, and parsing them was most of this on every replay
  if (!url.includes('?')) return undefined
  let params: URLSearchParams
  try {
    params = new URL(url).searchParams
  } catch {
    return undefined
  }
  for (const [name, value] of params) {
    if (CALLBACK_NAMES.has(name.toLowerCase()) && JS_NAME.test(value)) return value
  }
  return undefined
}

// A dotted JS identifier: anything else substituted into a script body could inject code.
const JS_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/
/** How far into the body the archived call is looked for (`/**\/ typeof cb === 'function' && cb(`). */
const CALL_SEARCH_CHARS = 1024

/**
 * The archived JSONP body calling `to` instead of `from`: the first call `from(` near the start is
 * renamed. Bytes are handled as Latin-1 so the rest of the body is unchanged whatever its charset.
 * Undefined when the body has no such call.
 */
export function substituteCallback (body: Uint8Array, from: string, to: string): Uint8Array | undefined {
  if (!JS_NAME.test(to) || !JS_NAME.test(from)) return undefined
  const head = decodeLatin1(body.subarray(0, CALL_SEARCH_CHARS + from.length))
  const escaped = from.replace(/[.$]/g, c => `\\${c}`)
  const m = new RegExp(`(^|[^\\w$.])${escaped}\\s*\\(`).exec(head)
  if (m == null) return undefined
  const start = m.index + (m[1] ?? '').length
  const replaced = encodeLatin1(to)
  const out = new Uint8Array(body.byteLength - from.length + replaced.byteLength)
  out.set(body.subarray(0, start))
  out.set(replaced, start)
  out.set(body.subarray(start + from.length), start + replaced.byteLength)
  return out
}
