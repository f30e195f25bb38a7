/**
 * FROZEN: key scheme 1, the URL-map keys of archives written before key scheme 2 (src/core/surt.ts).
 * Archives whose manifest has no `formats.keys` were keyed by this function; readers look a URL up by
 * its current key and then by this one (docs/url-map.md, "Keys"). Never change its output: a changed
 * key is a URL that old archives no longer find.
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

// Parsing and query order are shared with canonicalUrl; surt-v1.test.ts pins this scheme's keys, so a
// change there that moved a v1 key fails it.
import { withRecentKeys } from './surt/recent-keys.ts'
import { parseHttpUrl, sortedQuery, trim, type HttpUrlParts } from './surt/http-url.ts'

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/
const WWW = /^www\d*\./

function wellFormedLower (s: string): string {
  // A lone surrogate would be replaced during UTF-8 encoding, so the stored key would differ from this one.
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD').toLowerCase()
}

function isIpHost (host: string): boolean {
  return host.startsWith('[') || IPV4.test(host)
}

/** `www.a.example.com` → `com,example,a` (IP hosts unchanged). */
function surtHost (host: string): string {
  if (isIpHost(host)) return host
  const stripped = host.replace(WWW, '')
  return (stripped === '' ? host : stripped).split('.').reverse().join(',')
}

function surtAuthority (parts: HttpUrlParts): string {
  return surtHost(parts.host) + (parts.port === '' ? '' : `:${parts.port}`)
}

/** The version-1 key of a URL (see the rules above). Never throws. */
export const surtV1: (url: string) => string = withRecentKeys(computeSurt)

function computeSurt (url: string): string {
  const parts = parseHttpUrl(url)
  if (parts == null) return wellFormedLower(trim(url))
  const lowered = parts.params.map(p => p.toLowerCase())
  return `${surtAuthority(parts)})${parts.path.toLowerCase()}${sortedQuery(lowered)}`
}
