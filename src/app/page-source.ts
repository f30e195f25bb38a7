import type { PageRow } from '../core/replay/archive-api-handler.ts'

export type { PageRow }

/**
 * Rows of a page list, fetched on demand: the list asks for the rows it shows (`want`), the source
 * fetches what it lacks in windows and fires `change` when rows arrive. No source ever holds every row.
 */
export interface PageSource extends EventTarget {
  /** rows the list has room for: the total when known, else the rows found so far */
  readonly length: number
  /** false while the length may still grow (a text search still running) or is not known yet */
  readonly settled: boolean
  /** a sentence for the person, when fetching failed */
  readonly error: string | undefined
  /** windows (API requests) made so far: what the list costs */
  readonly requests: number
  rowAt (index: number): PageRow | undefined
  want (from: number, to: number): void
}

export const errorText = (err: unknown): string => err instanceof Error ? err.message : String(err)
