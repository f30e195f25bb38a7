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
 * Who asks: for a navigation the page that started it, as its referrer says; else the requesting
 * client's URL (a subresource, a worker's fetch). A navigation's clientId is not who started it:
 * Chromium gives the document being replaced, so the host page opening another archive's URI-M in
 * the frame would read as that archived page asking, and be kept in its archive.
 */
export async function replayedPageOf (event: FetchEvent, clients: Clients, origin: string): Promise<ReplayedPage | undefined> {
  if (event.request.mode === 'navigate') return event.request.referrer !== '' ? replayedPageAt(event.request.referrer, origin) : undefined
  if (event.clientId !== '') {
    const client = await clients.get(event.clientId)
    if (client != null) return replayedPageAt(client.url, origin)
  }
  return undefined
}
