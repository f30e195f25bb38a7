/**
 * The typed messages between the app (top frame), the replay host page (the replay origin's frame) and
 * the service worker. The app never talks to archived pages: only to the host, which relays to the SW.
 */

/** Where blocks and IPNS records come from; the SW's defaults apply to fields left out. */
export interface ReplaySettings {
  gateways: string[]
  routers: string[]
  /** bytes of unsaved blocks kept in IndexedDB before the least recently used are evicted */
  quotaBytes: number
}

export interface CacheStats {
  /** bytes and blocks held in IndexedDB, and how many of them "save for offline" keeps */
  bytes: number
  blocks: number
  savedBytes: number
  savedBlocks: number
  /** blocks fetched from the network since the worker started */
  fetched: number
  /** blocks read from IndexedDB that did not match their CID, dropped and fetched again */
  corruptDropped: number
}

export type ToWorker =
  | { type: 'settings', id: number, settings: Partial<ReplaySettings> }
  | { type: 'save', id: number, /** the replayed page's URI-M path, `/<archive>/<datetime>/<url>` */ page: string }
  | { type: 'stats', id: number }
  /** drops every cached block not saved for offline; answered with `stats` */
  | { type: 'clear-cache', id: number }
  /** which replayed pages were saved for offline */
  | { type: 'saved', id: number }

export interface SaveProgress { done: number, total: number, blocks: number, bytes: number, url: string }

export type FromWorker =
  | { type: 'settings', id: number, settings: ReplaySettings }
  | { type: 'save-progress', id: number, progress: SaveProgress }
  | { type: 'save-done', id: number, urls: number, blocks: number, bytes: number, failed: string[] }
  | { type: 'stats', id: number, stats: CacheStats }
  /** URI-M paths (`/<archive>/<datetime>/<url>`) saved for offline, oldest first */
  | { type: 'saved', id: number, pages: string[] }
  | { type: 'error', id: number, name: string, message: string }

/** From the app to the replay host, and back: the same requests plus what the frame shows. */
export type ToHost =
  | { type: 'open', /** a URI-M path on the replay origin */ page: string }
  | { type: 'worker', message: ToWorker }
  /** a GET of a path on the replay origin, answered by its worker (TimeMaps, archive APIs), even offline */
  | { type: 'fetch', id: number, path: string }

/** What a replayed page shows, as its client script reports it (see docs/rewriting.md). */
export interface ReplayedPageState {
  /** its URI-M path on the replay origin (path and query) */
  page: string
  /** the archived URL it shows, after any pushState */
  url: string
  title: string
  /** the memento's datetime digits */
  datetime: string
}

/** From the client script in the replayed page to the replay host, its parent. */
export interface FromReplayedPage extends ReplayedPageState { type: 'replayed-page' }

export type FromHost =
  | { type: 'ready' }
  /** the frame loaded `page` (its URI-M path), whose document is titled `title` when it has one */
  | { type: 'navigated', page: string, title?: string }
  | ({ type: 'page' } & ReplayedPageState)
  | { type: 'worker', message: FromWorker }
  /** `headers` lower-cased; Memento-Datetime tells a capture from an error answer */
  | { type: 'fetched', id: number, status: number, contentType: string, body: string, headers?: Record<string, string> }

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value != null

/** Messages cross a trust boundary: only known shapes are acted on. */
export function isToWorker (value: unknown): value is ToWorker {
  if (!isObject(value) || typeof value.id !== 'number') return false
  switch (value.type) {
    case 'settings': return isObject(value.settings)
    case 'save': return typeof value.page === 'string'
    case 'stats':
    case 'clear-cache':
    case 'saved': return true
    default: return false
  }
}

export function isFromReplayedPage (value: unknown): value is FromReplayedPage {
  return isObject(value) && value.type === 'replayed-page' &&
    typeof value.page === 'string' && typeof value.url === 'string' && typeof value.title === 'string' && typeof value.datetime === 'string'
}

export function isToHost (value: unknown): value is ToHost {
  if (!isObject(value)) return false
  if (value.type === 'open') return typeof value.page === 'string'
  if (value.type === 'fetch') return typeof value.id === 'number' && isLocalPath(value.path)
  return value.type === 'worker' && isToWorker(value.message)
}

/** A path on the receiver's own origin (`/x`), never a scheme-relative or absolute URL. */
export const isLocalPath = (value: unknown): value is string =>
  typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')
