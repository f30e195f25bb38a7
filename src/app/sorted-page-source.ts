import { fetchPages, type GetJson } from './archive-api-client.ts'
import { errorText, nounOf, type Noun, type PageRow, type PageSource } from './page-source.ts'
import type { ScanFilter } from './search-page-source.ts'

/** Beyond this many pages the list is only offered in key order: other orders need every row at hand. */
export const SORTABLE_MAX = 1000

export type PageOrder = 'newest' | 'oldest' | 'captures' | 'title' | 'site-desc' | 'host'

/** `a.example.us/path?q`: a URL as people read it (host first, as written; the scheme aside). */
export function readableUrl (url: string): string {
  const u = URL.parse(url)
  return u == null ? url.toLowerCase() : `${u.host}${u.pathname}${u.search}`
}

const byCodeUnits = (a: string, b: string): number => a < b ? -1 : a > b ? 1 : 0

const ORDERS: Record<PageOrder, (a: PageRow, b: PageRow) => number> = {
  newest: (a, b) => b.last.localeCompare(a.last),
  oldest: (a, b) => a.first.localeCompare(b.first),
  captures: (a, b) => b.count - a.count,
  'site-desc': (a, b) => a.key < b.key ? 1 : a.key > b.key ? -1 : 0,
  title: (a, b) => (a.title ?? a.url).localeCompare(b.title ?? b.url, undefined, { sensitivity: 'base' }),
  // the archive's keys reverse the host (`us,example,a)/`): people read `a.example.us`
  host: (a, b) => byCodeUnits(readableUrl(a.url), readableUrl(b.url)) || byCodeUnits(a.key, b.key)
}

/**
 * A narrowed list (a host, a prefix, a text search) in another order than the archive's key order:
 * fetched whole, up to SORTABLE_MAX pages, then sorted here. A larger list is refused with a sentence
 * asking for a narrower search, rather than fetching an archive's worth of pages.
 */
export class SortedPageSource extends EventTarget implements PageSource {
  settled = false
  error: string | undefined
  requests = 0
  readonly noun: Noun
  private rows: PageRow[] = []

  constructor (private readonly getJson: GetJson, private readonly archive: string, private readonly order: PageOrder, private readonly filter: ScanFilter) {
    super()
    this.noun = nounOf(filter.type)
    void this.load()
  }

  get length (): number {
    return this.rows.length
  }

  rowAt (index: number): PageRow | undefined {
    return this.rows[index]
  }

  want (): void {}

  private async load (): Promise<void> {
    const { prefix, q, type } = this.filter
    const narrowed = { ...(prefix != null ? { prefix } : {}), ...(type != null ? { type } : {}) }
    const tooMany = `Only lists of up to ${SORTABLE_MAX.toLocaleString('en-US')} ${this.noun[1]} can be sorted this way: narrow it with a search first, or sort by site and path.`
    try {
      const rows: PageRow[] = []
      if (q == null && type == null) {
        this.requests++
        const reply = await fetchPages(this.getJson, this.archive, { offset: 0, limit: SORTABLE_MAX, ...narrowed })
        if ((reply.total ?? 0) > SORTABLE_MAX) throw new Error(tooMany)
        rows.push(...reply.pages)
      } else {
        for (let after: string | undefined, first = true; first || after != null; first = false) {
          this.requests++
          const reply = await fetchPages(this.getJson, this.archive, { limit: SORTABLE_MAX, ...(q != null ? { q } : {}), ...narrowed, ...(after != null ? { after } : {}) })
          rows.push(...reply.pages)
          if (rows.length > SORTABLE_MAX) throw new Error(tooMany)
          after = reply.next
        }
      }
      this.rows = rows.sort(ORDERS[this.order])
    } catch (err) {
      this.error = errorText(err)
    }
    this.settled = true
    this.dispatchEvent(new Event('change'))
  }
}
