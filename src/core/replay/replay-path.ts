import { isDatetimeDigits } from '../datetime.ts'

/**
 * URI-M modifiers: empty (the archived response), `id_` (identity: the payload and the archived headers
 * as captured). The others are the ones web archives put in URI-Ms for frames, scripts, styles and
 * images; they replay like the empty one until rewriting tells them apart.
 */
export const MODIFIERS = ['', 'id_', 'mp_', 'if_', 'fw_', 'js_', 'cs_', 'im_', 'oe_'] as const
export type Modifier = typeof MODIFIERS[number]

export type TimeMapFormat = 'link' | 'json' | 'cdxj'
export const TIMEMAP_FORMATS: readonly string[] = ['link', 'json', 'cdxj']

export type ReplayRoute =
  | { kind: 'memento', archive: string, digits: string, modifier: Modifier, url: string }
  /** `/<archive>/<url>`, `/<archive>/<modifier>/<url>` and `/<archive>/timegate/<url>`: the modifier goes into the URI-M */
  | { kind: 'timegate', archive: string, modifier: Modifier, url: string }
  | { kind: 'timemap', archive: string, format: string, url: string }
  /** digits where a datetime goes, but not a whole prefix of `YYYYMMDDhhmmss` by pairs: a 400 */
  | { kind: 'bad-datetime', archive: string, digits: string, url: string }

const DATETIME_SEGMENT = /^(\d*)([a-z]{2}_)?$/
// Schemes whose URLs clients mangle in a path: `http:/x` (slashes merged), `https%3A%2F%2Fx` (encoded whole).
const ENCODED_WHOLE = /^(?:https?|file)%3A/i
const MERGED_SLASHES = /^(https?:)\/(?!\/)|^(file:)\/(?!\/)/i

/**
 * Undoes what clients and proxies do to a URL carried in a path: `http:/x` (slashes merged) and a
 * wholly percent-encoded URL. Anything else is kept byte for byte: the archived URL's own escapes matter.
 */
export function repairEmbeddedUrl (url: string): string {
  if (ENCODED_WHOLE.test(url)) {
    try {
      url = decodeURIComponent(url)
    } catch {
      // not valid percent-encoding: keep the URL as sent, the lookup will say it is unknown
    }
  }
  return url.replace(MERGED_SLASHES, (_, web: string | undefined, file: string | undefined) => web != null ? `${web}//` : `${file ?? 'file:'}///`)
}

/**
 * Whether digits name a datetime as web archives write them: `YYYY`, `YYYYMM`, … up to
 * `YYYYMMDDhhmmss` by whole pairs, then any number of sub-second digits. `18` or `20181` is a
 * request for a datetime that is malformed (400, as ipwb answers), not a URL.
 */
export function isWholeDatetimePrefix (digits: string): boolean {
  return isDatetimeDigits(digits) && (digits.length > 14 || digits.length % 2 === 0)
}

/**
 * Reads a replay path: `/<archive>/<datetime><modifier>/<url>` (a URI-M), `/<archive>/<url>`,
 * `/<archive>/<modifier>/<url>` and `/<archive>/timegate/<url>` (TimeGates),
 * `/<archive>/timemap/<format>/<url>`. The query string belongs to the archived URL. `prefix` is where
 * the routes are mounted ('/' on the local node). Undefined when the path has no archive and URL.
 */
export function parseReplayPath (url: URL, prefix = '/'): ReplayRoute | undefined {
  if (!url.pathname.startsWith(prefix)) return undefined
  const rest = url.pathname.slice(prefix.length)
  const slash = rest.indexOf('/')
  if (slash <= 0) return undefined
  const archive = rest.slice(0, slash)
  const tail = rest.slice(slash + 1)
  const withQuery = (path: string): string | undefined => path === '' ? undefined : repairEmbeddedUrl(path + url.search)

  const [first = '', ...others] = tail.split('/')
  const remainder = withQuery(others.join('/'))
  if (first === 'timegate') return remainder == null ? undefined : { kind: 'timegate', archive, modifier: '', url: remainder }
  if (first === 'timemap') {
    const [format = '', ...path] = others
    const target = withQuery(path.join('/'))
    return target == null ? undefined : { kind: 'timemap', archive, format, url: target }
  }
  const m = DATETIME_SEGMENT.exec(first)
  const digits = m?.[1] ?? ''
  const modifier = (m?.[2] ?? '') as Modifier
  if (m != null && first !== '' && MODIFIERS.includes(modifier)) {
    if (remainder == null) return undefined
    if (digits === '') return { kind: 'timegate', archive, modifier, url: remainder }
    if (!isWholeDatetimePrefix(digits)) return { kind: 'bad-datetime', archive, digits, url: remainder }
    return { kind: 'memento', archive, digits, modifier, url: remainder }
  }
  const target = withQuery(tail)
  return target == null ? undefined : { kind: 'timegate', archive, modifier: '', url: target }
}
