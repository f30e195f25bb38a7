import { lowerAscii } from './byte-string.ts'

/**
 * A URL cut into its parts the way web archive canonicalizers read it (RFC 2396 appendix B, with the
 * repairs crawlers need), before any canonicalization. Works on a byte string (byte-string.ts).
 */
export interface UrlPieces {
  /** as written (case kept), never empty */
  scheme: string
  /** the host as written, lowercased; undefined when there is none (`mailto:`, `file:///x`) */
  host?: string
  /** the host was an IP literal in brackets (`[2001:db8::1]`): `host` is what was inside them */
  bracketed?: boolean
  /** the text after the host's colon, when not empty */
  port?: string
  /** undefined when empty */
  path?: string
  /** without its `?`; undefined when empty or absent */
  query?: string
}

const HAS_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/
// `example.com:8080/x`, `localhost:8080`: a host and port, though they look like a scheme and a path.
const HOST_PORT = /^([a-zA-Z][a-zA-Z0-9+.-]*):\d+(?:[/?#]|$)/
const REPEATED_HTTP = /^(https?:\/\/)+/
const URI = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:(\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?)?(?:#[^]*)?$/
const EDGE_SPACE = /^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g
const TAB_OR_NEWLINE = /[\t\n\r]/g

function withScheme (url: string): string {
  const hostPort = HOST_PORT.exec(url)
  if (hostPort != null) {
    const name = (hostPort[1] ?? '').toLowerCase()
    if (name.includes('.') || name === 'localhost') return `http://${url}`
  }
  return HAS_SCHEME.test(url) ? url : `http://${url}`
}

function authority (netloc: string): Pick<UrlPieces, 'host' | 'bracketed' | 'port'> {
  const hostinfo = netloc.slice(netloc.lastIndexOf('@') + 1).replace(/:+$/, '')
  let host: string
  let port: string
  let bracketed = false
  if (hostinfo.startsWith('[') && hostinfo.includes(']')) {
    const close = hostinfo.indexOf(']')
    host = hostinfo.slice(1, close)
    port = hostinfo.slice(close + 1).replace(/^:/, '')
    bracketed = true
  } else {
    const colon = hostinfo.indexOf(':')
    host = colon < 0 ? hostinfo : hostinfo.slice(0, colon)
    port = colon < 0 ? '' : hostinfo.slice(colon + 1)
  }
  return {
    ...(host !== '' ? { host: lowerAscii(host) } : {}),
    ...(bracketed ? { bracketed } : {}),
    ...(port !== '' ? { port } : {})
  }
}

/** The parts of a URL (a byte string); an input without a scheme is read as `http://…`. */
export function splitUrl (input: string): UrlPieces {
  const edged = input.charCodeAt(0) <= 0x20 || input.charCodeAt(input.length - 1) <= 0x20 ? input.replace(EDGE_SPACE, '') : input
  const url = withScheme(edged.replace(TAB_OR_NEWLINE, '')).replace(REPEATED_HTTP, '$1')
  const m = URI.exec(url)
  const scheme = m?.[1] ?? 'http'
  const pieces: UrlPieces = { scheme, ...(m?.[2] != null ? authority(m[3] ?? '') : {}) }
  let path = m?.[4] ?? ''
  // `http:////www.example.com`: the host is the first segment of what looked like a path
  if (pieces.host == null && scheme.startsWith('http') && path !== '') {
    const rest = path.replace(/^\/+/, '')
    const slash = rest.indexOf('/')
    const host = slash < 0 ? rest : rest.slice(0, slash)
    if (host !== '') pieces.host = lowerAscii(host)
    path = `/${slash < 0 ? '' : rest.slice(slash + 1)}`
  }
  if (path !== '') pieces.path = path
  const query = m?.[5]
  if (query != null && query !== '') pieces.query = query
  return pieces
}
