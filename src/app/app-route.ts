import { parseDigits } from '../core/datetime.ts'
import { parseReplayTarget, replayPath } from '../core/replay/replay-link.ts'
import { parseReplayPath } from '../core/replay/replay-path.ts'

/**
 * The app's routes, all in the hash so that any static host serves the app and a link restores a view:
 * `#/` home, `#/app/settings`, `#/<archive>` the archive view, `#/<archive>/<datetime>/<url>` and
 * `#/<archive>/<url>` (the latest capture) the replay view. App pages use reserved archive names. A link
 * whose datetime cannot be read is `bad-datetime`: shown as an error, never opened as a URL.
 */
export type AppRoute =
  | { view: 'home' }
  | { view: 'settings' }
  | { view: 'archive', archive: string }
  | { view: 'replay', archive: string, datetime: string, url: string }
  /** `datetime` is the segment as written in the link */
  | { view: 'bad-datetime', archive: string, datetime: string, url: string }

/** Reads `location.hash` (with or without its `#`). Unknown `#/app/…` pages are the home page. */
export function parseRoute (hash: string): AppRoute {
  const path = safeDecode(hash.replace(/^#/, ''))
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
    case 'archive': return `#/${route.archive}`
    case 'replay': return `#${replayPath(route)}`
    case 'bad-datetime': return `#/${route.archive}/${route.datetime}/${route.url}`
  }
}

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
