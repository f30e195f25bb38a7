import { parseDigits } from '../core/datetime.ts'
import { parseReplayTarget, replayPath } from '../core/replay/replay-link.ts'
import { parseReplayPath } from '../core/replay/replay-path.ts'
import { listQuery, parseListQuery, type ListState } from './list-address.ts'

/**
 * The app's routes, all in the hash so that any static host serves the app and a link restores a view:
 * `#/` home, `#/app/settings`, `#/<archive>` the archive view, `#/<archive>/<datetime>/<url>` and
 * `#/<archive>/<url>` (the latest capture) the replay view. App pages use reserved archive names. A link
 * whose datetime cannot be read is `bad-datetime`: shown as an error, never opened as a URL.
 *
 * The archive view's search is in a query after the archive name, so a search can be shared and
 * bookmarked: `#/<archive>?q=<words or URL prefix>&sort=<order>&view=all&type=<kind>` (list-address.ts),
 * form-encoded (`q=annual+report`, `q=a%26b%23c`), each part optional; `#/<archive>` is the unsearched
 * list of pages, sorted by site. Unknown parameters and orders are ignored (the default stands). Only the archive route has one:
 * in a replay route a `?` belongs to the archived URL.
 */
export type AppRoute =
  | { view: 'home' }
  | { view: 'settings' }
  /** `list` when the address has a query (absent: the default list) */
  | { view: 'archive', archive: string, list?: ListState }
  | { view: 'replay', archive: string, datetime: string, url: string }
  /** `datetime` is the segment as written in the link */
  | { view: 'bad-datetime', archive: string, datetime: string, url: string }

/** Reads `location.hash` (with or without its `#`). Unknown `#/app/…` pages are the home page. */
export function parseRoute (hash: string): AppRoute {
  const raw = hash.replace(/^#/, '')
  const listed = ARCHIVE_QUERY.exec(raw)
  if (listed != null) {
    const [, name = '', query = ''] = listed
    const archive = safeDecode(name)
    return archive.toLowerCase() === 'app' ? { view: 'home' } : { view: 'archive', archive, list: parseListQuery(query) }
  }
  const path = safeDecode(raw)
  const [archive = '', ...rest] = path.replace(/^\//, '').split('/')
  if (archive === '') return { view: 'home' }
  if (archive.toLowerCase() === 'app') return rest[0] === 'settings' ? { view: 'settings' } : { view: 'home' }
  if (rest.join('/') === '') return { view: 'archive', archive }
  const [second = '', ...url] = rest
  if (isMalformedDatetime(archive, second, url.join('/'))) return { view: 'bad-datetime', archive, datetime: second, url: url.join('/') }
  const target = parseReplayTarget(path)
  return target != null ? { view: 'replay', ...target } : { view: 'archive', archive }
}

/** The hash of a route; the archived URL is kept as is (its own `?`, `#` and escapes matter). */
export function routeHash (route: AppRoute): string {
  switch (route.view) {
    case 'home': return '#/'
    case 'settings': return '#/app/settings'
    case 'archive': return `#/${route.archive}${route.list != null ? listQuery(route.list) : ''}`
    case 'replay': return `#${replayPath(route)}`
    case 'bad-datetime': return `#/${route.archive}/${route.datetime}/${route.url}`
  }
}

// `/<archive>?<query>` (a `/` before the `?` tolerated), read before decoding so that an escaped `&` or
// `#` stays inside its value; archive names (names, IPNS names, CIDs) never hold a `?`
const ARCHIVE_QUERY = /^\/?([^/?]+)\/?\?(.*)$/s

// what follows a datetime's place and makes it one: an absolute URL (`http://…`, `https%3A…`)
const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*(?::\/|%3A%2F)/i

/**
 * Whether the segment after the archive stands where a datetime goes and is not one. Digits (with a
 * URI-M modifier) are read as the replay routes read them (`bad-datetime` of core/replay/replay-path.ts:
 * `18`, `20181`), and must name a real instant (`20149999` does not). Anything else (`2014-99-99`,
 * `abcd`) is in the datetime's place when an absolute URL follows it; otherwise it is the start of the
 * URL itself (`#/a/www.example.com/x`, `#/a/http://…`).
 */
export function isMalformedDatetime (archive: string, segment: string, after: string): boolean {
  if (segment === '') return false
  const route = parseReplayPath(new URL(`http://app.invalid/${encodeURIComponent(archive)}/${encodeURIComponent(segment)}/x`))
  if (route?.kind === 'bad-datetime') return true
  if (route?.kind === 'memento') {
    try {
      parseDigits(route.digits)
      return false
    } catch {
      return true
    }
  }
  // a modifier alone (`id_`) is a TimeGate's; the whole tail as a URL is a segment that is no datetime
  if (route?.kind === 'timegate' && route.url === 'x') return false
  return ABSOLUTE_URL.test(after)
}

function safeDecode (s: string): string {
  // links are written unencoded; a `%` that is not an escape stays as it is
  try {
    return decodeURI(s)
  } catch {
    return s
  }
}
