import type { SwDb } from './sw-db.ts'

/**
 * The replay URLs each replayed page asked for (its own URI-M, then stylesheets, images, fonts…), as
 * the worker answered them: what "save for offline" fetches again and keeps, without parsing HTML.
 */
export class PageLog {
  private readonly pending = new Map<string, Set<string>>()
  private writing: Promise<void> = Promise.resolve()

  constructor (private readonly db: () => Promise<SwDb>) {}

  record (page: string, url: string): void {
    let urls = this.pending.get(page)
    if (urls == null) this.pending.set(page, urls = new Set())
    const before = urls.size
    urls.add(url)
    if (urls.size !== before) this.writing = this.writing.then(() => this.write(page, url), () => this.write(page, url))
  }

  private async write (page: string, url: string): Promise<void> {
    const tx = (await this.db()).transaction('pages', 'readwrite')
    const entry = await tx.store.get(page) ?? { page, urls: [] }
    if (!entry.urls.includes(url)) await tx.store.put({ page, urls: [...entry.urls, url] })
    await tx.done
  }

  async urls (page: string): Promise<string[]> {
    await this.writing.catch(() => {})
    return (await (await this.db()).get('pages', page))?.urls ?? []
  }
}
