import { parseReplayTarget, replayPath } from '../core/replay/replay-link.ts'

/**
 * The app's routes, all in the hash so that any static host serves the app and a link restores a view:
 * `#/` home, `#/app/settings`, `#/<archive>` the archive view, `#/<archive>/<datetime>/<url>` and
 * `#/<archive>/<url>` (the latest capture) the replay view. App pages use reserved archive names.
 */
export type AppRoute =
  | { view: 'home' }
  | { view: 'settings' }
  | { view: 'archive', archive: string }
  | { view: 'replay', archive: string, datetime: string, url: string }

/** Reads `location.hash` (with or without its `#`). Unknown `#/app/…` pages are the home page. */
export function parseRoute (hash: string): AppRoute {
  const path = safeDecode(hash.replace(/^#/, ''))
  const [archive = '', ...rest] = path.replace(/^\//, '').split('/')
  if (archive === '') return { view: 'home' }
  if (archive.toLowerCase() === 'app') return rest[0] === 'settings' ? { view: 'settings' } : { view: 'home' }
  if (rest.join('/') === '') return { view: 'archive', archive }
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
  }
}

function safeDecode (s: string): string {
  // links are written unencoded; a `%` that is not an escape stays as it is
  try {
    return decodeURI(s)
  } catch {
    return s
  }
}
