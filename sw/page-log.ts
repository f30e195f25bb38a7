import type { SwDb } from './sw-db.ts'

/**
 * The replay URLs each replayed page asked for (its own URI-M, then stylesheets, images, fonts…), as
 * the worker answered them: what "save for offline" fetches again and keeps, without parsing HTML.
 */
export class PageLog {
  /** every URL recorded per page in this worker's life: each is written once */
  private readonly known = new Map<string, Set<string>>()
  /** URLs recorded and not yet written, per page */
  private queued = new Map<string, string[]>()
  private writing: Promise<void> = Promise.resolve()

  constructor (private readonly db: () => Promise<SwDb>) {}

  record (uriM: string, url: string): void {
    const page = pageKey(uriM)
    let urls = this.known.get(page)
    if (urls == null) this.known.set(page, urls = new Set())
    if (urls.has(url)) return
    urls.add(url)
    const scheduled = this.queued.size > 0
    let list = this.queued.get(page)
    if (list == null) this.queued.set(page, list = [])
    list.push(url)
    // One transaction for all that was recorded while the writes before it ran: a page's hundred
    // subresources are a few transactions, not a hundred read-modify-writes of a growing list.
    if (!scheduled) this.writing = this.writing.then(this.flush, this.flush)
  }

  private readonly flush = async (): Promise<void> => {
    const batch = this.queued
    this.queued = new Map()
    const tx = (await this.db()).transaction('pages', 'readwrite')
    for (const [page, urls] of batch) {
      const entry = await tx.store.get(page) ?? { page, urls: [] }
      const have = new Set(entry.urls)
      const fresh = urls.filter(url => !have.has(url))
      if (fresh.length > 0) await tx.store.put({ ...entry, urls: [...entry.urls, ...fresh] })
    }
    await tx.done
  }

  async urls (uriM: string): Promise<string[]> {
    const page = pageKey(uriM)
    await this.writing.catch(() => {})
    return (await (await this.db()).get('pages', page))?.urls ?? []
  }
}

/**
 * One key per page whatever modifier its URI-M carries: the app opens `/<archive>/<digits>/<url>`, a
 * rewritten link reaches the same page as `/<archive>/<digits>mp_/<url>`.
 */
export const pageKey = (uriM: string): string => uriM.replace(/^(\/[^/]+\/\d+)[a-z]{2}_\//, '$1/')
