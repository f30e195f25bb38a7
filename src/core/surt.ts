/**
 * SURT keys: the canonical lookup key of a URL, as web archives (pywb, the `surt` package it uses,
 * CDXJ indexes) make it. Key scheme 2; archives written before it were keyed by src/core/surt-v1.ts.
 *
 *   http://www.Example.com:80/Path/?b=2&a=1#top  →  com,example)/path?a=1&b=2
 *
 * The key equals pywb's (`surt.surt(url)`, surt 0.3.1) on every case of src/core/surt-vectors.test-support.ts
 * except the few marked `differs` there (listed at the end). Rules, in order:
 *  1. The URL is read as UTF-8 bytes (`é`, `%C3%A9` and `%c3%a9` are the same bytes). Whitespace at
 *     both ends goes, tabs and newlines anywhere go. No scheme (`example.com/x`, `localhost:8080`) means
 *     `http://`; `http://https://x` is `https://x`; `http:////x` has host `x`. `filedesc…` is kept as is,
 *     the empty URL is `-`.
 *  2. Host (any scheme with `//host`): userinfo dropped; escapes decoded (again and again); an IDN is
 *     converted to punycode; `..` merged, dots at either end dropped; numeric forms of IPv4 read as
 *     addresses (`3279880203`, `017.0.0.1`, `10.0.258`); lowercased; bytes that may not stand for
 *     themselves escaped (controls, space, `#`, `%`, non-ASCII: `%xx`).
 *  3. Port: dropped when it is the scheme's default (80 http, 443 https) or 0, else `:8080` after the host.
 *  4. Path: escapes decoded again and again, `.`/`..` resolved and `//` merged (URLs with a host), then
 *     escaped once (so `%2C` → `,`, `%7C` → `|`, `%7e` → `~`, while a space is `%20` and `%` is `%25`),
 *     lowercased, ASP.NET session ids removed, a trailing `/` dropped unless the path is `/`.
 *  5. Query: decoded and escaped the same way, except `%26` (an `&` inside a value) which stays;
 *     session ids removed (`jsessionid`, `phpsessid`, `sid`, `ASPSESSIONID…`, `CFID`+`CFTOKEN`);
 *     lowercased; parameters sorted by name, a bare name first, then by value; empty ones kept
 *     (`a=1&` → `&a=1`). A query with nothing left is dropped with its `?`. `+` is not a space.
 *  6. Key = host labels reversed and joined by `,` (one leading `www`, `www2`… label dropped; IPv4
 *     reversed too, `192.168.1.254` → `254,1,168,192`) + port + `)` + path [+ `?` + query]. The scheme
 *     is dropped: http, https, ftp… of one host and path share a key.
 *  7. URLs without a host (`dns:`, `urn:`, `mailto:`, `file:///x`, `warcinfo:`): scheme (lowercased) +
 *     `:` + path and query as in 4 and 5, without segment resolution: `file:///a b` → `file:/a%20b`.
 * So a key never holds a space, a control or a byte outside ASCII (except `filedesc…` keys), and a URL
 * that HTTP cannot carry verbatim (`file:///example with spaces.png`) has the key of its escaped form.
 *
 * Where IPARO differs from pywb (docs/url-map.md): `%26` stays in queries; IPv6 hosts keep their
 * brackets (`[2001:db8::1]:8080)/`); `host.tld:port/…` without a scheme is a host; the scheme of a
 * host-less URL is lowercased.
 */
import { withRecentKeys } from './surt/recent-keys.ts'
import { surtV1 } from './surt-v1.ts'
import { lowerAscii, toByteString } from './surt/byte-string.ts'
import { canonicalHost, surtOrderHost } from './surt/canonical-host.ts'
import { splitUrl } from './surt/split-url.ts'
import { surtKey } from './surt/surt-key.ts'

export { canonicalUrl, parseHttpUrl, type HttpUrlParts } from './surt/http-url.ts'

/** The key scheme this code writes: archive manifests record it as `formats.keys` (absent: 1). */
export const KEY_SCHEME = 2

/** The SURT key of a URL (see the rules above). Never throws. */
export const surt: (url: string) => string = withRecentKeys(surtKey)

/**
 * The keys under which an archive of key scheme `scheme` may hold `key`, the current key of a request
 * for `uri` (a SURT key, or a request key starting with one), in the order to try them: the key itself,
 * then — in archives of scheme 1 — its scheme-1 form, when that differs.
 */
export function keyCandidates (key: string, uri: string, scheme: number): string[] {
  if (scheme >= KEY_SCHEME) return [key]
  const current = surt(uri)
  if (!key.startsWith(current)) return [key]
  const legacy = surtV1(uri) + key.slice(current.length)
  return legacy === key ? [key] : [key, legacy]
}

/** `www.a.example.com` → `com,example,a`; `10.0.0.1` → `1,0,0,10`; `[::1]` → `[::1]`. */
export function surtHost (host: string): string {
  const bracketed = host.startsWith('[') && host.endsWith(']')
  return surtOrderHost(canonicalHost(lowerAscii(toByteString(bracketed ? host.slice(1, -1) : host)), bracketed))
}

const SUBDOMAINS = /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:\/\/)?\*\.([^/?#]+?)\/?$/

/**
 * The SURT key prefix that selects a set of URLs in a range scan (`range({ prefix })`):
 *  - `example.com`, `http://example.com`, `http://example.com/` → `com,example)/` (every URL of that host
 *    on its default port);
 *  - `http://example.com/blog` → `com,example)/blog` (paths starting with `/blog`, incl. `/blog/…`,
 *    `/blogs`); a trailing `/` is kept, query parameters are canonicalized but not sorted, a trailing `?`
 *    is kept and a trailing `*` is ignored;
 *  - `*.example.com` → `com,example,` (every subdomain, not the host itself: scan `com,example)` too
 *    for both; `com,example` alone would also match `examplefoo.com`).
 * Other prefixes are canonicalized like keys.
 */
export function surtPrefix (urlPrefix: string): string {
  const input = urlPrefix.trim().replace(/\*+$/, '')
  if (input === '') return ''
  const sub = SUBDOMAINS.exec(input)
  if (sub?.[1] != null) {
    // the host itself is the parent of the subdomains, so its `www.` is not stripped (and ports are ignored)
    const pieces = splitUrl(toByteString(`http://${sub[1]}`))
    if (pieces.host != null) {
      const host = canonicalHost(pieces.host, pieces.bracketed)
      return host.ip != null ? `${surtOrderHost(host)})` : `${surtOrderHost(host, false)},`
    }
  }
  return surtKey(input, { prefix: true })
}
