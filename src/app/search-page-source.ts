import { fetchPages, type GetJson } from './archive-api-client.ts'
import { errorText, type PageRow, type PageSource } from './page-source.ts'

const STEP = 100
/** rows below the visible ones that are looked for ahead of the scroll */
const AHEAD = 50

/**
 * A text search (URL and title) through the archive: the API scans a bounded stretch per request and
 * says where to go on, so matches arrive in key order as the person scrolls towards the end of what
 * was found. `scanned` tells how far the search got.
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

  constructor (private readonly getJson: GetJson, private readonly archive: string, private readonly q: string, private readonly prefix?: string) {
    super()
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
        const reply = await fetchPages(this.getJson, this.archive, { limit: STEP, q: this.q, ...(this.prefix != null ? { prefix: this.prefix } : {}), ...(this.next != null ? { after: this.next } : {}) })
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
