import { escapeOnce, unescapeRepeatedly } from './byte-string.ts'

// ASP.NET cookieless session ids: `/(S(4hqa0555fwsecu455xqckv45))/page.aspx`, `/(4hqa0555fwsecu455xqckv45)/page.aspx`.
const PATH_SESSION_IDS = [
  /^(.*\/)(\((?:[a-z]\([0-9a-z]{24}\))+\)\/)([^?]+\.aspx.*)$/is,
  /^(.*\/)(\([0-9a-z]{24}\)\/)([^?]+\.aspx.*)$/is
]

/**
 * `.` and `..` segments resolved (a `..` above the root is kept), empty segments dropped except a
 * trailing one; always starts with `/`.
 */
export function normalizePath (path: string): string {
  // most paths have nothing to resolve: no `.` segment, no empty one
  if (path.startsWith('/') && !path.includes('/.') && !path.includes('//')) return path
  const kept: string[] = []
  const segments = path.split('/')
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i] ?? ''
    if (s === '.') continue
    if (s === '..' && kept.length > 0) kept.pop()
    else kept.push(s)
  }
  if (kept.length === 0) return '/'
  const last = kept.pop() ?? ''
  return `/${kept.filter(s => s !== '').map(s => `${s}/`).join('')}${last}`
}

function stripSessionIds (path: string): string {
  if (!path.includes('.aspx')) return path
  let out = path
  for (const pattern of PATH_SESSION_IDS) {
    const m = pattern.exec(out)
    if (m != null) out = `${m[1] ?? ''}${m[3] ?? ''}`
  }
  return out
}

/**
 * The path part of a key: escapes decoded repeatedly, segments normalized (URLs with a host), escaped
 * once, lowercased, session ids removed, and a trailing slash dropped unless the path is only `/`
 * (`keepTrailingSlash` for prefixes). Undefined stays undefined for URLs without a host.
 */
export function canonicalPath (path: string | undefined, hasHost: boolean, keepTrailingSlash = false): string | undefined {
  if (path == null && !hasHost) return undefined
  const decoded = unescapeRepeatedly(path ?? '')
  let out = stripSessionIds(escapeOnce(hasHost ? normalizePath(decoded) : decoded).toLowerCase())
  if (!keepTrailingSlash && out.length > 1 && out.endsWith('/')) out = out.slice(0, -1)
  return out
}
