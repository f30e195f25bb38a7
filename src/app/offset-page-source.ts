import { fetchPages, type GetJson } from './archive-api-client.ts'
import { errorText, nounOf, type PageRow, type PageSource } from './page-source.ts'

export const WINDOW = 100
/** windows kept in memory; the list shows at most two or three at a time */
const KEPT = 24
const PARALLEL = 2

/**
 * The whole archive (or one URL prefix) in key order, either direction, fetched by position in windows
 * of WINDOW rows: the list can jump to any row, and only the windows on screen when a request can start
 * are requested (a fast scroll past thousands of rows costs nothing for the rows skipped).
 */
export class OffsetPageSource extends EventTarget implements PageSource {
  length = 0
  settled = false
  error: string | undefined
  requests = 0
  /** every URL, resources too: the positions count them all */
  readonly noun = nounOf(undefined)
  private readonly windows = new Map<number, PageRow[]>()
  private readonly loading = new Set<number>()
  private wanted: number[] = []

  constructor (private readonly getJson: GetJson, private readonly archive: string, private readonly options: { prefix?: string, descending?: boolean } = {}) {
    super()
    // the first window tells the total (descending needs it before any window can be placed)
    void this.load(0, true)
  }

  rowAt (index: number): PageRow | undefined {
    const w = this.windows.get(Math.floor(index / WINDOW))
    if (w == null) return undefined
    // a window read recently stays
    return w[index % WINDOW]
  }

  want (from: number, to: number): void {
    if (!this.settled) return
    const first = Math.max(0, Math.floor(from / WINDOW))
    const last = Math.min(Math.ceil(this.length / WINDOW) - 1, Math.floor(Math.max(from, to - 1) / WINDOW))
    this.wanted = []
    for (let w = first; w <= last; w++) {
      const rows = this.windows.get(w)
      if (rows != null) { this.windows.delete(w); this.windows.set(w, rows) } else this.wanted.push(w)
    }
    this.pump()
  }

  private pump (): void {
    while (this.loading.size < PARALLEL) {
      const next = this.wanted.find(w => !this.loading.has(w) && !this.windows.has(w))
      if (next == null) return
      void this.load(next, false)
    }
  }

  private async load (w: number, first: boolean): Promise<void> {
    this.loading.add(w)
    this.requests++
    try {
      const { descending = false, prefix } = this.options
      let offset = w * WINDOW
      let limit = WINDOW
      if (descending && !first) {
        const end = this.length - w * WINDOW
        offset = Math.max(0, end - WINDOW)
        limit = end - offset
      }
      const reply = await fetchPages(this.getJson, this.archive, { offset, limit: first && descending ? 1 : limit, ...(prefix != null ? { prefix } : {}) })
      this.error = undefined
      if (first) {
        this.length = reply.total ?? reply.pages.length
        this.settled = true
        if (!descending) this.keep(0, reply.pages)
      } else {
        this.keep(w, descending ? [...reply.pages].reverse() : reply.pages)
      }
    } catch (err) {
      this.error = errorText(err)
    } finally {
      this.loading.delete(w)
    }
    this.dispatchEvent(new Event('change'))
    this.pump()
  }

  private keep (w: number, rows: PageRow[]): void {
    this.windows.set(w, rows)
    while (this.windows.size > KEPT) {
      const oldest = this.windows.keys().next().value
      if (oldest == null || this.wanted.includes(oldest)) break
      this.windows.delete(oldest)
    }
  }
}
