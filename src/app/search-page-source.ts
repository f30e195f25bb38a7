import type { PageKind } from '../core/replay/page-kind.ts'
import { fetchPages, type GetJson } from './archive-api-client.ts'
import { errorText, nounOf, type Noun, type PageRow, type PageSource } from './page-source.ts'

/** What a scanned list is narrowed to: text in URL and title, a URL prefix, a kind of URL. */
export interface ScanFilter { q?: string, prefix?: string, type?: PageKind }

const STEP = 100
/** rows below the visible ones that are looked for ahead of the scroll */
const AHEAD = 50

/**
 * A text search (URL and title) or a kind of URL (the pages, the fonts) through the archive: the API
 * scans a bounded stretch per request and says where to go on, so matches arrive in key order as the
 * person scrolls towards the end of what was found. `scanned` tells how far the search got.
 */
export class SearchPageSource extends EventTarget implements PageSource {
  settled = false
  error: string | undefined
  requests = 0
  scanned = 0
  private readonly rows: PageRow[] = []
  private next: string | undefined
  private busy = false
  private until = AHEAD

  readonly noun: Noun
  /** a text search: its rows are matches */
  readonly searching: boolean

  constructor (private readonly getJson: GetJson, private readonly archive: string, private readonly filter: ScanFilter) {
    super()
    this.searching = filter.q != null
    this.noun = this.searching ? ['match', 'matches'] : nounOf(filter.type)
    void this.step()
  }

  get length (): number {
    return this.rows.length
  }

  rowAt (index: number): PageRow | undefined {
    return this.rows[index]
  }

  want (_from: number, to: number): void {
    this.until = Math.max(this.until, to + AHEAD)
    if (!this.busy && !this.settled && this.error == null) void this.step()
  }

  private async step (): Promise<void> {
    this.busy = true
    try {
      // several bounded scans in a row when they find little: the list needs rows, not requests
      while (!this.settled && this.rows.length < this.until) {
        this.requests++
        const { q, prefix, type } = this.filter
        const reply = await fetchPages(this.getJson, this.archive, { limit: STEP, ...(q != null ? { q } : {}), ...(prefix != null ? { prefix } : {}), ...(type != null ? { type } : {}), ...(this.next != null ? { after: this.next } : {}) })
        this.rows.push(...reply.pages)
        this.scanned += reply.scanned ?? 0
        this.next = reply.next
        if (reply.next == null) this.settled = true
        this.dispatchEvent(new Event('change'))
      }
    } catch (err) {
      this.error = errorText(err)
      this.dispatchEvent(new Event('change'))
    } finally {
      this.busy = false
    }
  }
}
