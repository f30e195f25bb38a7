import { escapeOnce, unescapeRepeatedly } from './byte-string.ts'

// Session ids in queries (Java servlets, PHP, ASP, ColdFusion): dropped from keys, as web archives do.
const QUERY_SESSION_IDS = [
  /^(.*)(?:jsessionid=[0-9a-zA-Z]{32})(?:&(.*))?$/i,
  /^(.*)(?:phpsessid=[0-9a-zA-Z]{32})(?:&(.*))?$/i,
  /^(.*)(?:sid=[0-9a-zA-Z]{32})(?:&(.*))?$/i,
  /^(.*)(?:ASPSESSIONID[a-zA-Z]{8}=[a-zA-Z]{24})(?:&(.*))?$/i,
  /^(.*)(?:cfid=[^&]+&cftoken=[^&]+)(?:&(.*))?$/i
]
const MAYBE_SESSION_ID = /sessionid|sid=|cfid=/i
/**
 * A `&` that was escaped (`%26`) stands for a character of a value, not a separator: it is decoded to
 * this placeholder (a private-use character: outside the byte range, without case) and escaped again at the end.
 */
const ESCAPED_AMPERSAND = '\uE026'

function stripSessionIds (query: string): string {
  if (!MAYBE_SESSION_ID.test(query)) return query
  let out = query
  for (const pattern of QUERY_SESSION_IDS) {
    const m = pattern.exec(out)
    if (m != null) out = m[2] != null && m[2] !== '' ? `${m[1] ?? ''}${m[2]}` : m[1] ?? ''
  }
  return out
}

/**
 * Parameters ordered by name, then a bare name before `name=…`, then by value: the same order for every
 * permutation. Scheme-1 keys and canonicalUrl (http-url.ts) sort with it too: surt-v1.test.ts pins them.
 */
export function compareParams (a: string, b: string): number {
  const ia = a.indexOf('=')
  const ib = b.indexOf('=')
  const na = ia < 0 ? a : a.slice(0, ia)
  const nb = ib < 0 ? b : b.slice(0, ib)
  if (na !== nb) return na < nb ? -1 : 1
  if (ia < 0 || ib < 0) return (ia < 0 ? 0 : 1) - (ib < 0 ? 0 : 1)
  const va = a.slice(ia + 1)
  const vb = b.slice(ib + 1)
  return va === vb ? 0 : va < vb ? -1 : 1
}

/**
 * The query part of a key (without its `?`): escapes decoded repeatedly and escaped once (but `%26`
 * kept), session ids removed, lowercased, parameters sorted unless `sort` is false (prefixes). Empty
 * parameters are kept (`a=1&` → `&a=1`); undefined when nothing is left.
 */
export function canonicalQuery (query: string | undefined, sort = true): string | undefined {
  if (query == null || query === '') return undefined
  const decoded = unescapeRepeatedly(query, byte => byte === 0x26 ? ESCAPED_AMPERSAND : String.fromCharCode(byte))
  let out = stripSessionIds(escapeOnce(decoded)).toLowerCase()
  if (sort && out.includes('&')) out = out.split('&').sort(compareParams).join('&')
  if (out.includes(ESCAPED_AMPERSAND)) out = out.replaceAll(ESCAPED_AMPERSAND, '%26')
  return out === '' ? undefined : out
}
