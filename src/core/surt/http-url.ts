/**
 * URLs parsed by the WHATWG URL parser into their canonical parts, scheme and `www.` kept: what replay
 * needs to tell http(s) URLs from others and to name a URL canonically. Not keys (src/core/surt.ts).
 */

import { compareParams } from './canonical-query.ts'

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
const UNRESERVED = /[A-Za-z0-9\-._~]/

/** Strips C0 controls and spaces at both ends, as the URL parser does. */
export function trim (s: string): string {
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

/** `?` and the parameters in key order (compareParams: the order scheme-1 keys were written in too). */
export function sortedQuery (params: string[]): string {
  return params.length === 0 ? '' : `?${[...params].sort(compareParams).join('&')}`
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
