/**
 * SURT keys: the canonical lookup key of a URL, as web archives (pywb, ipwb, CDXJ) use it.
 *
 *   http://www.Example.com:80/Path?b=2&a=1#top  →  com,example)/path?a=1&b=2
 *
 * Rules, in order (http, https and scheme-less inputs; everything else is "opaque", see the end):
 *  1. Leading/trailing whitespace and C0 controls are trimmed. An input without a scheme
 *     (`example.com/x`, `//example.com/x`, `localhost:8080/x`) is read as `http://…`.
 *  2. The URL is parsed by the WHATWG URL parser, which lowercases the host, converts IDN hosts to
 *     punycode, normalises IPv4 forms (`0x7f.1` → `127.0.0.1`) and percent-encodes what must be.
 *  3. The scheme is dropped (http, https and none give one key), and so are userinfo and the fragment.
 *  4. Host: trailing dots removed; one leading `www.`, `www1.`, `www2.`… label removed (never the
 *     last label); labels reversed and joined with `,` (`a.b.example.com` → `com,example,b,a`).
 *     IPv4 and IPv6 hosts are kept as they are, not reversed.
 *  5. Port: dropped when it is the scheme's default (80 for http, 443 for https; the URL parser
 *     does this), otherwise appended to the host as `:8080`.
 *  6. Path and query: percent-escapes of unreserved characters (A–Z a–z 0–9 - . _ ~) are decoded,
 *     other escapes get uppercase hex; then both are lowercased (as pywb/ipwb keys are, so escapes
 *     in keys end up lowercase hex, `%2f`). An empty path is `/`.
 *  7. Query: split on `&`, empty parameters dropped, sorted by name, then value, then the whole
 *     parameter (a total order, so every permutation of the same parameters gives one key); a
 *     query with no parameters left (`?`, `?&`) is dropped with its `?`.
 *  8. Key = host[:port] + `)` + path [+ `?` + query].
 * Opaque inputs — other schemes (`dns:`, `urn:`, `mailto:`, `ftp://`, …) and anything the URL
 * parser rejects — never throw: their key is the trimmed input, lowercased (lone surrogates
 * replaced by U+FFFD so the key survives UTF-8 encoding).
 *
 * Not done (pywb's canonicaliser does some of these): session-id stripping, `+`/`%20` unification,
 * repeated unescaping, trailing-slash folding.
 */

export interface HttpUrlParts {
  scheme: 'http' | 'https'
  /** lowercased, punycoded, trailing dots removed; `www.` kept */
  host: string
  /** '' when default */
  port: string
  /** percent-normalised, case preserved, never empty */
  path: string
  /** percent-normalised parameters, case preserved, unsorted, empty ones dropped */
  params: string[]
}

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/
const PORT_AFTER_COLON = /^\d/
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/
const WWW = /^www\d*\./
const UNRESERVED = /[A-Za-z0-9\-._~]/

/** Strips C0 controls and spaces at both ends, as the URL parser does. */
function trim (s: string): string {
  let start = 0
  let end = s.length
  while (start < end && s.charCodeAt(start) <= 0x20) start++
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--
  return s.slice(start, end)
}

function normalizeEscapes (s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => {
    const ch = String.fromCharCode(Number.parseInt(hex, 16))
    return UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`
  })
}

function wellFormedLower (s: string): string {
  // A lone surrogate would be replaced during UTF-8 encoding, so the stored key would differ from this one.
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD').toLowerCase()
}

/** The input as an http(s) URL string to parse, or undefined when it is opaque. */
function asHttpInput (input: string): string | undefined {
  const m = SCHEME.exec(input)
  if (m == null) return input.startsWith('//') ? `http:${input}` : `http://${input}`
  const scheme = (m[1] ?? '').toLowerCase()
  if (scheme === 'http' || scheme === 'https') return input
  // `example.com:8080/x` looks like scheme `example.com`; a port after the colon says it is a host
  if (PORT_AFTER_COLON.test(input.slice(m[0].length))) return `http://${input}`
  return undefined
}

/** Parses an http(s) or scheme-less URL into canonical parts; undefined for opaque inputs. */
export function parseHttpUrl (url: string): HttpUrlParts | undefined {
  const input = trim(url)
  const candidate = asHttpInput(input)
  if (candidate == null) return undefined
  let parsed: URL
  try {
    parsed = new URL(candidate)
  } catch {
    return undefined
  }
  const scheme = parsed.protocol === 'https:' ? 'https' : parsed.protocol === 'http:' ? 'http' : undefined
  if (scheme == null) return undefined
  const host = parsed.hostname.replace(/\.+$/, '')
  if (host === '') return undefined
  const query = parsed.search.startsWith('?') ? parsed.search.slice(1) : parsed.search
  return {
    scheme,
    host,
    port: parsed.port,
    path: normalizeEscapes(parsed.pathname === '' ? '/' : parsed.pathname),
    params: query.split('&').filter(p => p !== '').map(normalizeEscapes)
  }
}

function compareParams (a: string, b: string): number {
  const ia = a.indexOf('=')
  const ib = b.indexOf('=')
  const ka = ia < 0 ? a : a.slice(0, ia)
  const kb = ib < 0 ? b : b.slice(0, ib)
  if (ka !== kb) return ka < kb ? -1 : 1
  const va = ia < 0 ? '' : a.slice(ia + 1)
  const vb = ib < 0 ? '' : b.slice(ib + 1)
  if (va !== vb) return va < vb ? -1 : 1
  return a < b ? -1 : a > b ? 1 : 0
}

function sortedQuery (params: string[]): string {
  return params.length === 0 ? '' : `?${[...params].sort(compareParams).join('&')}`
}

function isIpHost (host: string): boolean {
  return host.startsWith('[') || IPV4.test(host)
}

/** `www.a.example.com` → `com,example,a` (IP hosts unchanged). */
export function surtHost (host: string): string {
  if (isIpHost(host)) return host
  const stripped = host.replace(WWW, '')
  return (stripped === '' ? host : stripped).split('.').reverse().join(',')
}

function surtAuthority (parts: HttpUrlParts): string {
  return surtHost(parts.host) + (parts.port === '' ? '' : `:${parts.port}`)
}

/**
 * Keys of URLs seen lately: an ingest asks for the same URL's key two or three times per record (the
 * capture, its IPARO header, a revisit's original), records apart. Emptied when full: bounded, and a
 * miss only costs the computation again.
 */
const recent = new Map<string, string>()
const RECENT_LIMIT = 4096

/** The SURT key of a URL (see the rules above). Never throws. */
export function surt (url: string): string {
  const known = recent.get(url)
  if (known !== undefined) return known
  const key = computeSurt(url)
  if (recent.size >= RECENT_LIMIT) recent.clear()
  recent.set(url, key)
  return key
}

function computeSurt (url: string): string {
  const parts = parseHttpUrl(url)
  if (parts == null) return wellFormedLower(trim(url))
  const lowered = parts.params.map(p => p.toLowerCase())
  return `${surtAuthority(parts)})${parts.path.toLowerCase()}${sortedQuery(lowered)}`
}

/**
 * The URL in canonical form, keeping its scheme, `www.` and case: `HTTP://u:p@Example.com:80/A?b=2&a=1#f`
 * → `http://example.com/A?a=1&b=2`. Opaque inputs come back trimmed and otherwise unchanged.
 */
export function canonicalUrl (url: string): string {
  const parts = parseHttpUrl(url)
  if (parts == null) return trim(url)
  const port = parts.port === '' ? '' : `:${parts.port}`
  return `${parts.scheme}://${parts.host}${port}${parts.path}${sortedQuery(parts.params)}`
}

/**
 * The SURT key prefix that selects a set of URLs in a range scan (`range({ prefix })`):
 *  - `example.com`, `http://example.com`, `http://example.com/` → `com,example)/` (every URL of that host
 *    on its default port);
 *  - `http://example.com/blog` → `com,example)/blog` (paths starting with `/blog`, incl. `/blog/…`,
 *    `/blogs`); query parameters in a prefix are normalised but not sorted, and a trailing `*` is ignored;
 *  - `*.example.com` → `com,example,` (every subdomain, not the host itself: scan `com,example)` too
 *    for both; `com,example` alone would also match `examplefoo.com`).
 * Opaque prefixes are lowercased, like their keys.
 */
export function surtPrefix (urlPrefix: string): string {
  let input = trim(urlPrefix).replace(/\*+$/, '')
  const sub = /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:\/\/)?\*\.([^/?#]+?)\/?$/.exec(input)
  if (sub?.[1] != null) {
    // the host itself is the parent of the subdomains, so its `www.` is not stripped (and ports are ignored)
    const parts = parseHttpUrl(sub[1])
    if (parts != null) return isIpHost(parts.host) ? `${parts.host})` : `${parts.host.split('.').reverse().join(',')},`
  }
  const trailingQuestion = input.endsWith('?')
  if (trailingQuestion) input = input.slice(0, -1)
  const parts = parseHttpUrl(input)
  if (parts == null) return wellFormedLower(input)
  const query = parts.params.length === 0 ? (trailingQuestion ? '?' : '') : `?${parts.params.join('&')}`
  return `${surtAuthority(parts)})${parts.path.toLowerCase()}${query.toLowerCase()}`
}
