/**
 * The typed messages between the browser's four programs (docs/replay-origins.md):
 * - the app (app origin) ↔ the replay host page (replay origin): `ToHost` / `FromHost`, by postMessage.
 *   Everything from the replay origin is a report the app checks, never an order: archived scripts
 *   share that origin and can post anything the host can.
 * - the app → the worker: a `WorkerCall` (worker-call.ts), a navigation the app starts, answered with
 *   `CallReply`s by a document no script of the replay origin can reach.
 * - the client script in a replayed page → the host: `FromReplayedPage`, a report like any other.
 */
import type { ReplaySettings } from './settings-defaults.ts'

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

export interface SaveProgress { done: number, total: number, blocks: number, bytes: number, url: string }

/** What the app asks the worker. */
export type WorkerCall =
  /** answers the settings in force (the app's, pushed with every call, or the worker's defaults) */
  | { type: 'settings' }
  | { type: 'save', /** the replayed page's URI-M path, `/<archive>/<datetime>/<url>` */ page: string }
  | { type: 'stats' }
  /** drops every cached block not saved for offline; answered with `stats` */
  | { type: 'clear-cache' }
  /** a GET of a path on the replay origin, answered by its worker (TimeMaps, archive APIs), even offline */
  | { type: 'fetch', path: string }

/** What the worker answers a call: zero or more `save-progress`, then one final reply. */
export type CallReply =
  | { type: 'settings', settings: ReplaySettings, /** false: the worker's defaults, the app sent none */ fromApp: boolean }
  | { type: 'save-progress', progress: SaveProgress }
  | { type: 'save-done', urls: number, blocks: number, bytes: number, failed: string[] }
  | { type: 'stats', stats: CacheStats }
  /** `headers` lower-cased; Memento-Datetime tells a capture from an error answer */
  | { type: 'fetched', status: number, contentType: string, body: string, headers: Record<string, string> }
  | { type: 'error', name: string, message: string }

/** From the app to the replay host. */
export type ToHost =
  | { type: 'open', /** a URI-M path on the replay origin */ page: string }

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
  /** the worker started without the app's settings: the app pushes them again (a hint, never an order) */
  | { type: 'settings-wanted' }

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value != null

const MAX_TEXT = 64 * 1024
const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= MAX_TEXT

/** A path on the receiver's own origin (`/x`), never a scheme-relative or absolute URL. */
export const isLocalPath = (value: unknown): value is string =>
  isText(value) && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')

/** Calls cross a trust boundary: only known shapes are acted on. */
export function isWorkerCall (value: unknown): value is WorkerCall {
  if (!isObject(value)) return false
  switch (value.type) {
    case 'save': return isLocalPath(value.page)
    case 'fetch': return isLocalPath(value.path)
    case 'settings':
    case 'stats':
    case 'clear-cache': return true
    default: return false
  }
}

export function isFromReplayedPage (value: unknown): value is FromReplayedPage {
  return isObject(value) && value.type === 'replayed-page' &&
    isLocalPath(value.page) && isText(value.url) && isText(value.title) && isText(value.datetime)
}

export function isToHost (value: unknown): value is ToHost {
  return isObject(value) && value.type === 'open' && isLocalPath(value.page)
}

/** The host's reports in their exact shapes (the app still checks what they name: see the app's WorkerLink). */
export function isFromHost (value: unknown): value is FromHost {
  if (!isObject(value)) return false
  switch (value.type) {
    case 'ready':
    case 'settings-wanted': return true
    case 'navigated': return isLocalPath(value.page) && (value.title == null || isText(value.title))
    case 'page': return isLocalPath(value.page) && isText(value.url) && isText(value.title) && isText(value.datetime)
    default: return false
  }
}
