import type { ReplayedPage } from './replayed-page.ts'

/** What the worker knows of a request beyond the request itself. */
export interface SwContext {
  origin: string
  /** set when the requesting client is a replayed page: then the archive answers, nothing else */
  page: ReplayedPage | undefined
}
