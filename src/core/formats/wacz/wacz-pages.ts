import type { ProblemReport } from '../../ingest/capture.ts'
import type { PagesItem, WaczItem } from '../../ingest/read-record-outcomes.ts'

/** A page a WACZ named, and where it was named. */
export type PageMark = PagesItem['pages'][number] & { file: string }

/** What the summary says of a WACZ read. */
export type WaczReport = Omit<WaczItem, 'kind'>

/**
 * The pages an ingest run's WACZ files name, kept until every capture is appended (a page is marked
 * on its URL's entry, which exists only then), and the WACZ reports for its summary.
 */
export class WaczPages {
  private readonly pages: PageMark[] = []

  constructor (private readonly summary: { wacz: WaczReport[] }, private readonly warn: (warning: ProblemReport) => void) {}

  /** pages held, not yet marked */
  get size (): number {
    return this.pages.length
  }

  take (item: PagesItem | WaczItem): void {
    if (item.kind === 'pages') {
      for (const page of item.pages) this.pages.push({ ...page, file: item.file })
      return
    }
    const { kind, ...report } = item
    void kind
    this.summary.wacz.push(report)
  }

  /** Marks the pages through `mark`; each page whose URL has no memento is a warning. */
  async mark (mark: ((pages: PageMark[]) => Promise<PageMark[]>) | undefined): Promise<void> {
    if (this.pages.length === 0 || mark == null) return
    for (const page of await mark(this.pages.splice(0))) {
      this.warn({ file: page.file, offset: 0, code: 'page-not-captured', message: `the page ${page.url} has no memento: it is not marked as a page`, uri: page.url })
    }
  }
}
