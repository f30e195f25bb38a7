import { parseReplayPath } from '../core/replay/replay-path.ts'
import { LEAVING_TARGET } from '../core/rewrite/tag-rewriter.ts'
import type { ArchiveUrls } from './archive-urls.ts'

/**
 * A URI-M of any archive on this origin, or a TimeGate of an absolute URL (`/<archive>/http://…`, the
 * app's "latest" link): the replay host opening another page (or archive) in this frame, which must
 * not be read as a path of the archived site. A site's own root-relative path (`/about/team`) parses
 * as a TimeGate too, but of a relative URL: that one is the site's and is rewritten.
 */
function isMemento (href: string, prefix: string): boolean {
  const url = URL.parse(href)
  if (url == null || url.origin !== location.origin) return false
  const route = parseReplayPath(url, prefix)
  return route?.kind === 'memento' || (route?.kind === 'timegate' && /^(?:https?|file):\/\//i.test(route.url))
}


/**
 * Navigations stay in the archive: `history.pushState`/`replaceState` keep URI-Ms, `window.open` opens
 * the URI-M (in this frame when it would have opened a window: the replay frame allows no pop-ups), and
 * a navigation to a URL outside the archive (`location.href = …`, `location.assign`, a link built at run
 * time) is cancelled and made again to its URI-M, by the Navigation API where the browser has it.
 * `onChange` runs after each same-document URL change.
 */
export function hookNavigation (urls: ArchiveUrls, onChange: () => void): void {
  for (const name of ['pushState', 'replaceState'] as const) {
    const native = history[name]
    history[name] = function (this: History, data: unknown, unused: string, url?: string | URL | null) {
      native.call(this, data, unused, url == null ? url : urls.rewrite(url, 'mp_'))
      onChange()
    }
  }
  window.addEventListener('popstate', onChange)
  window.addEventListener('hashchange', onChange)

  const open = window.open.bind(window)
  window.open = (url?: string | URL, target?: string, features?: string): WindowProxy | null => {
    const to = url == null || String(url) === '' ? undefined : urls.rewrite(url, 'mp_')
    if (target == null || target === '' || LEAVING_TARGET.test(target)) {
      if (to != null) location.assign(to)
      return window
    }
    return open(to, target, features)
  }

  const navigation = (window as unknown as { navigation?: EventTarget }).navigation
  navigation?.addEventListener('navigate', (event) => {
    const e = event as Event & { destination: { url: string }, cancelable: boolean, hashChange: boolean, navigationType: string, formData: FormData | null }
    if (!e.cancelable || e.hashChange || e.navigationType === 'traverse' || e.formData != null) return
    const to = e.destination.url
    if (urls.inArchive(to) || isMemento(to, urls.target.prefix ?? '/') || /^(?:about|javascript|blob|data):/i.test(to)) return
    e.preventDefault()
    location.assign(urls.rewrite(to, 'mp_'))
  })
}
