import { isDatetimeDigits } from '../datetime.ts'

/**
 * URI-M modifiers: empty (the archived response), `id_` (the payload untouched). The others are the
 * ones web archives put in URI-Ms for frames, scripts, styles and images; they replay like the empty one
 * until rewriting tells them apart.
 */
export const MODIFIERS = ['', 'id_', 'mp_', 'if_', 'fw_', 'js_', 'cs_', 'im_', 'oe_'] as const
export type Modifier = typeof MODIFIERS[number]

export type TimeMapFormat = 'link' | 'json' | 'cdxj'
export const TIMEMAP_FORMATS: readonly string[] = ['link', 'json', 'cdxj']

export type ReplayRoute =
  | { kind: 'memento', archive: string, digits: string, modifier: Modifier, url: string }
  | { kind: 'latest', archive: string, url: string }
  | { kind: 'timegate', archive: string, url: string }
  | { kind: 'timemap', archive: string, format: string, url: string }

const DATETIME_SEGMENT = /^(\d+)([a-z]{2}_)?$/

/**
 * Undoes what clients and proxies do to a URL carried in a path: `http:/x` (slashes merged) and a
 * wholly percent-encoded URL. Anything else is kept byte for byte: the archived URL's own escapes matter.
 */
export function repairEmbeddedUrl (url: string): string {
  if (/^https?%3A/i.test(url)) {
    try {
      url = decodeURIComponent(url)
    } catch {
      // not valid percent-encoding: keep the URL as sent, the lookup will say it is unknown
    }
  }
  return url.replace(/^(https?:)\/(?!\/)/i, '$1//')
}

/**
 * Reads a replay path: `/<archive>/<datetime><modifier>/<url>`, `/<archive>/<url>`,
 * `/<archive>/timegate/<url>`, `/<archive>/timemap/<format>/<url>`. The query string belongs to the
 * archived URL. `prefix` is where the routes are mounted ('/' on the local node). Undefined when the
 * path has no archive and URL.
 */
export function parseReplayPath (url: URL, prefix = '/'): ReplayRoute | undefined {
  if (!url.pathname.startsWith(prefix)) return undefined
  const rest = url.pathname.slice(prefix.length)
  const slash = rest.indexOf('/')
  if (slash <= 0) return undefined
  const archive = rest.slice(0, slash)
  const tail = rest.slice(slash + 1)
  const withQuery = (path: string): string | undefined => path === '' ? undefined : repairEmbeddedUrl(path + url.search)

  const [first, ...others] = tail.split('/')
  const remainder = others.join('/')
  if (first === 'timegate') {
    const target = withQuery(remainder)
    return target == null ? undefined : { kind: 'timegate', archive, url: target }
  }
  if (first === 'timemap') {
    const [format = '', ...path] = others
    const target = withQuery(path.join('/'))
    return target == null ? undefined : { kind: 'timemap', archive, format, url: target }
  }
  const m = DATETIME_SEGMENT.exec(first ?? '')
  const modifier = (m?.[2] ?? '') as Modifier
  if (m?.[1] != null && isDatetimeDigits(m[1]) && MODIFIERS.includes(modifier)) {
    const target = withQuery(remainder)
    return target == null ? undefined : { kind: 'memento', archive, digits: m[1], modifier, url: target }
  }
  const target = withQuery(tail)
  return target == null ? undefined : { kind: 'latest', archive, url: target }
}
