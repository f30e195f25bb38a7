import type { PageRow } from '../core/replay/archive-api-handler.ts'
import type { PageKind } from '../core/replay/page-kind.ts'

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
  /** what a row is called in the list's status ("3 fonts"), singular and plural */
  readonly noun: Noun
  rowAt (index: number): PageRow | undefined
  want (from: number, to: number): void
}

export type Noun = readonly [string, string]

const NOUNS: Record<PageKind, Noun> = {
  page: ['page', 'pages'],
  image: ['image', 'images'],
  script: ['script', 'scripts'],
  stylesheet: ['stylesheet', 'stylesheets'],
  font: ['font', 'fonts'],
  media: ['media file', 'media files'],
  other: ['other URL', 'other URLs']
}

/** What the rows of a list of `type` (every URL when undefined) are called. */
export const nounOf = (type: PageKind | undefined): Noun => type == null ? ['URL', 'URLs'] : NOUNS[type]

/** `n` rows, named: "1 page", "1,234 fonts". */
export const counted = (n: number, noun: Noun): string => `${n.toLocaleString('en-US')} ${n === 1 ? noun[0] : noun[1]}`

export const errorText = (err: unknown): string => err instanceof Error ? err.message : String(err)
