import { parseReplayPath } from '../src/core/replay/replay-path.ts'

/** The replayed page a request comes from: its archive, datetime and original URL. */
export interface ReplayedPage {
  archive: string
  digits: string
  /** the archived URL of the page */
  url: string
  /** its URI-M path on the replay origin (path and query), the key "save for offline" uses */
  path: string
}

/** The page whose URI-M is `href`, when it is a memento on this origin. */
export function replayedPageAt (href: string, origin: string): ReplayedPage | undefined {
  const url = URL.parse(href)
  if (url == null || url.origin !== origin) return undefined
  const route = parseReplayPath(url)
  if (route?.kind !== 'memento') return undefined
  return { archive: route.archive, digits: route.digits, url: route.url, path: url.pathname + url.search }
}

/**
 * Who asks: the requesting client's URL (a subresource, a worker's fetch), else for a navigation the
 * page that started it, as its referrer says (a nested frame's navigation has no client yet).
 */
export async function replayedPageOf (event: FetchEvent, clients: Clients, origin: string): Promise<ReplayedPage | undefined> {
  if (event.clientId !== '') {
    const client = await clients.get(event.clientId)
    if (client != null) return replayedPageAt(client.url, origin)
  }
  if (event.request.mode === 'navigate' && event.request.referrer !== '') return replayedPageAt(event.request.referrer, origin)
  return undefined
}
