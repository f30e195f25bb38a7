import { escapeOnce, lowerAscii, toByteString } from './byte-string.ts'
import { canonicalHost, surtOrderHost } from './canonical-host.ts'
import { canonicalPath } from './canonical-path.ts'
import { canonicalQuery } from './canonical-query.ts'
import { splitUrl } from './split-url.ts'

export interface SurtKeyOptions {
  /** for key prefixes: keep a trailing slash, do not sort the query, keep a trailing `?` */
  prefix?: boolean
}

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' }
// A well-formed port: leading zeros go (`:080` is `:80`), like every URL parser reads it.
const PORT = /^\d{1,5}$/

function portSuffix (scheme: string, port: string | undefined): string {
  if (port == null) return ''
  if (!PORT.test(port) || Number(port) > 65535) return `:${escapeOnce(lowerAscii(port))}`
  const n = String(Number(port))
  return n === '0' || DEFAULT_PORTS[scheme.toLowerCase()] === n ? '' : `:${n}`
}

/** The key of a URL under key scheme 2 (the rules are in src/core/surt.ts). Never throws. */
export function surtKey (url: string, options: SurtKeyOptions = {}): string {
  if (url === '') return '-'
  if (url.startsWith('filedesc')) return url
  const pieces = splitUrl(toByteString(url))
  const host = pieces.host == null ? undefined : canonicalHost(pieces.host, pieces.bracketed)
  const hasHost = host != null && host.name !== ''
  const path = canonicalPath(pieces.path, hasHost, options.prefix)
  let query = canonicalQuery(pieces.query, options.prefix !== true)
  if (options.prefix === true && query == null && url.endsWith('?')) query = ''
  const tail = (path ?? (query != null ? '/' : '')) + (query != null ? `?${query}` : '')
  if (!hasHost) return `${pieces.scheme.toLowerCase()}:${tail}`
  return `${surtOrderHost(host, pieces.scheme !== 'dns')}${portSuffix(pieces.scheme, pieces.port)})${tail}`
}
