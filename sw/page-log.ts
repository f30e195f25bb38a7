import type { SwDb } from './sw-db.ts'

/**
 * The replay URLs each replayed page asked for (its own URI-M, then stylesheets, images, fonts…), as
 * the worker answered them: what "save for offline" fetches again and keeps, without parsing HTML.
 */
export class PageLog {
  private readonly pending = new Map<string, Set<string>>()
  private writing: Promise<void> = Promise.resolve()

  constructor (private readonly db: () => Promise<SwDb>) {}

  record (uriM: string, url: string): void {
    const page = pageKey(uriM)
    let urls = this.pending.get(page)
    if (urls == null) this.pending.set(page, urls = new Set())
    const before = urls.size
    urls.add(url)
    if (urls.size !== before) this.writing = this.writing.then(() => this.write(page, url), () => this.write(page, url))
  }

  private async write (page: string, url: string): Promise<void> {
    const tx = (await this.db()).transaction('pages', 'readwrite')
    const entry = await tx.store.get(page) ?? { page, urls: [] }
    if (!entry.urls.includes(url)) await tx.store.put({ ...entry, urls: [...entry.urls, url] })
    await tx.done
  }

  /** `page` was saved for offline; queued behind the URL writes so that neither undoes the other. */
  async markSaved (uriM: string): Promise<void> {
    const page = pageKey(uriM)
    const mark = async (): Promise<void> => {
      const tx = (await this.db()).transaction('pages', 'readwrite')
      const entry = await tx.store.get(page) ?? { page, urls: [page] }
      await tx.store.put({ ...entry, saved: Date.now() })
      await tx.done
    }
    this.writing = this.writing.then(mark, mark)
    await this.writing
  }

  /** The pages saved for offline, oldest save first. */
  async saved (): Promise<string[]> {
    await this.writing.catch(() => {})
    const all = await (await this.db()).getAll('pages')
    return all.filter(e => e.saved != null).sort((a, b) => (a.saved ?? 0) - (b.saved ?? 0)).map(e => e.page)
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
