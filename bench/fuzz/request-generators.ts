import type { RawRequest } from './raw-http.ts'

export type Random = () => number

/** What the served data folder holds, so that fuzzed requests hit real archives, URLs and blocks as often as junk. */
export interface ServedFacts {
  archive: string
  ipns: string
  root: string
  cids: string[]
  urls: string[]
  digits: string[]
}

const int = (rnd: Random, n: number): number => Math.floor(rnd() * n)
const pick = <T>(rnd: Random, items: readonly T[]): T => items[int(rnd, items.length)] as T
/** A string's UTF-8 bytes as latin1 characters: what goes on the wire byte for byte. */
const wire = (s: string): string => Buffer.from(s, 'utf8').toString('latin1')

const BAD_DIGITS = ['', '0', '2', '20201', '99999999999999', '20141301000000', '20140230000000', '2014013245', '-2014', '2014-01-01', '1e10',
  '2014'.repeat(40), '00000000000000', '20140101000000999999999999', 'abcd', '２０１４', '%32014', '2014%00']
const MODIFIERS = ['', 'id_', 'im_', 'js_', 'cs_', 'oe_', 'if_', 'xx_', 'id_id_', '_']
const PERCENT_ABUSE = ['%', '%%', '%zz', '%00', '%ff', '%c0%af', '%2e%2e/%2e%2e/', '%252e', '%u2215', '%E9', '%ED%A0%80', '%F4%90%80%80', '%0d%0aX-Injected:%201']
const METHODS = ['GET', 'GET', 'GET', 'GET', 'GET', 'GET', 'GET', 'GET', 'GET', 'GET', 'HEAD', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND', 'MKCOL', 'PURGE', 'LINK', 'QUERY', 'FOO', 'get', 'G E T']
const ACCEPT_DATETIMES = ['Thu, 31 May 2007 20:35:00 GMT', 'Thu, 31 May 2007 20:35:00', '2007-05-31T20:35:00Z', 'yesterday', '', 'Sun, 31 Feb 2010 00:00:00 GMT',
  'Mon, 01 Jan 0000 00:00:00 GMT', 'Fri, 31 Dec 99999 23:59:59 GMT', 'Thu, 31 May 2007 25:61:61 GMT', 'x'.repeat(5000), '\u00ff\u00fe']
const RANGES = ['bytes=0-0', 'bytes=0-', 'bytes=-1', 'bytes=-0', 'bytes=5-1', 'bytes=999999999999-', 'bytes=0-999999999999999999999', 'bytes=abc', 'items=0-1',
  'bytes=0-1,2-3', 'bytes=', 'bytes=--1', 'bytes=1-2-3', 'bytes=9007199254740993-', ' bytes = 0 - 5 ']
const CID_LIKE = ['bafyzzz', 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy', 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG', 'Qm', 'b', 'z', 'f01', 'baf' + 'y'.repeat(500)]
const IPNS_LIKE = ['k51', 'k51qzi5uqu5dixo7c216nr1kk50hfsz4t42y9ejakj9md5g3scvnho212v5esz', '12D3KooWabc', 'bafzaaaa', 'not-a-name']

function mutateString (rnd: Random, s: string): string {
  const ops = [
    () => s.slice(0, int(rnd, s.length + 1)),
    () => s + pick(rnd, PERCENT_ABUSE),
    () => { const at = int(rnd, s.length + 1); return s.slice(0, at) + pick(rnd, PERCENT_ABUSE) + s.slice(at) },
    () => s.toUpperCase(),
    () => s.replace(/[a-z]/g, c => (rnd() < 0.1 ? String.fromCharCode(33 + int(rnd, 94)) : c)),
    () => s + s,
    () => wire(s + pick(rnd, ['\u00e9', '\u202e', '\ud83d\ude00', '\u0000']))
  ]
  return pick(rnd, ops)()
}

function archiveRef (rnd: Random, f: ServedFacts): string {
  return pick(rnd, [f.archive, f.archive, f.ipns, f.root, 'nosuch', 'api', 'ipfs', ...CID_LIKE, ...IPNS_LIKE, mutateString(rnd, f.archive), mutateString(rnd, f.root), pick(rnd, f.cids)])
}

function archivedUrl (rnd: Random, f: ServedFacts): string {
  const url = pick(rnd, f.urls)
  const roll = rnd()
  if (roll < 0.5) return url
  if (roll < 0.8) return mutateString(rnd, url)
  if (roll < 0.9) return pick(rnd, ['', 'http://', 'http://[::1', 'javascript:alert(1)', 'data:,x', '//x', 'http://a.example:99999/', '*', '../../../etc/passwd'])
  return `http://big.example/${'x'.repeat(pick(rnd, [9_000, 20_000, 100_000]))}`
}

function datetimeDigits (rnd: Random, f: ServedFacts): string {
  return rnd() < 0.6 ? pick(rnd, f.digits).slice(0, 4 + int(rnd, 11)) : pick(rnd, BAD_DIGITS)
}

const paths: Array<(rnd: Random, f: ServedFacts) => string> = [
  (rnd, f) => `/${archiveRef(rnd, f)}/${datetimeDigits(rnd, f)}${pick(rnd, MODIFIERS)}/${archivedUrl(rnd, f)}`,
  (rnd, f) => `/${archiveRef(rnd, f)}/${archivedUrl(rnd, f)}`,
  (rnd, f) => `/${archiveRef(rnd, f)}/timegate/${archivedUrl(rnd, f)}`,
  (rnd, f) => `/${archiveRef(rnd, f)}/timemap/${pick(rnd, ['link', 'json', 'cdxj', 'xml', '', 'LINK', '%00'])}/${archivedUrl(rnd, f)}`,
  (rnd, f) => `/ipfs/${pick(rnd, [...f.cids, ...CID_LIKE, mutateString(rnd, pick(rnd, f.cids))])}${pick(rnd, ['', '?format=raw', '?format=car', '?format=car&dag-scope=block', '?format=car&dag-scope=bogus', '?format=xml', '/path/inside', '?format=raw&format=car', '?entity-bytes=0:10'])}`,
  (rnd, f) => `/routing/v1/${pick(rnd, ['ipns', 'providers', 'peers', ''])}/${pick(rnd, [f.ipns, ...IPNS_LIKE, ...f.cids, ...CID_LIKE, ''])}${pick(rnd, ['', '/extra'])}`,
  (rnd, f) => `/api/v1/${pick(rnd, ['archives', 'node', 'archive', `archive/${archiveRef(rnd, f)}`, `archive/${archiveRef(rnd, f)}/pages`, 'nope'])}${pick(rnd, ['', '?limit=10', '?limit=abc', '?limit=100000', '?offset=-1', '?offset=1e9', '?after=%ff', `?prefix=${mutateString(rnd, pick(rnd, f.urls))}`, '?q=' + 'a'.repeat(3000), '?limit=1&limit=2'])}`,
  (rnd) => pick(rnd, ['/', '/index.html', '/sw.js', '/replay.html', '/assets/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '//', '/.', '/..', '*', '/favicon.ico', '/' + 'a/'.repeat(2000)]),
  (rnd, f) => wire(mutateString(rnd, `/${f.archive}/${pick(rnd, f.digits)}/${pick(rnd, f.urls)}`))
]

function headers (rnd: Random, path: string): Array<[string, string]> {
  const out: Array<[string, string]> = []
  if (path.includes('/timegate/') || rnd() < 0.1) out.push(['Accept-Datetime', pick(rnd, ACCEPT_DATETIMES)])
  if (rnd() < 0.25) out.push(['Range', pick(rnd, RANGES)])
  if (rnd() < 0.1) out.push(['Accept', pick(rnd, ['application/vnd.ipld.raw', 'application/vnd.ipld.car', 'application/x-ndjson', '*/*', 'text/html;q=abc'])])
  if (rnd() < 0.05) out.push(['If-None-Match', pick(rnd, ['"x"', '*', '', 'W/"bafy"'])])
  if (rnd() < 0.05) out.push(['Content-Type', pick(rnd, ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=', 'text/plain; charset=bogus'])])
  return out
}

function body (rnd: Random, method: string): Uint8Array | undefined {
  if (method === 'GET' || method === 'HEAD' || rnd() < 0.3) return undefined
  // protobuf-like bytes (a record's first field tag) next to plain junk
  if (rnd() < 0.15) return Uint8Array.from([0x0a, int(rnd, 128), ...Array.from({ length: int(rnd, 300) }, () => int(rnd, 256))])
  const kind = int(rnd, 5)
  if (kind === 0) return new Uint8Array(Buffer.from('{"a":'))
  if (kind === 1) return new Uint8Array(Buffer.from('a=1&b=%ff&c'))
  if (kind === 2) return Uint8Array.from({ length: int(rnd, 2000) }, () => int(rnd, 256))
  if (kind === 3) return new Uint8Array(Buffer.from('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--'))
  return new Uint8Array(rnd() < 0.05 ? 9 * 1024 * 1024 : 64)
}

/** One fuzzed request: the same draws give the same request. */
export function fuzzRequest (rnd: Random, facts: ServedFacts): RawRequest {
  const path = pick(rnd, paths)(rnd, facts)
  // IPNS records are what clients PUT: send them garbage as often as anything else
  const method = path.startsWith('/routing/v1/ipns/') && rnd() < 0.5 ? 'PUT' : pick(rnd, METHODS)
  // a target goes on the wire as is: spaces and controls end or break the request line, which the server must survive too
  const target = rnd() < 0.9 ? path.replace(/[ \r\n]/g, c => encodeURIComponent(c)) : path
  const b = body(rnd, method)
  return { method, target, headers: headers(rnd, path), ...(b != null ? { body: b } : {}) }
}
