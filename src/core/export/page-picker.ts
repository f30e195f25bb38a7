import type { UrlMap } from '../url-map/url-map.ts'
import type { IparoHeader } from '../iparo/iparo-header.ts'
import { surt } from '../surt.ts'
import type { WaczPage } from './wacz-parts.ts'

/**
 * Chooses the pages of a WACZ's `pages/pages.jsonl` among the mementos written: those of the URLs the
 * archive marks as pages (URL-map entries with `page: true`), or, in an archive that marks none, every
 * `text/html` capture with status 200 (the pages a visitor would open; subresources are not listed).
 */
export class PagePicker {
  readonly pages: WaczPage[] = []

  private constructor (private readonly marked: Set<string> | undefined) {}

  /** Reads which URLs are marked as pages (one scan of the URL map). */
  static async open (urls: UrlMap): Promise<PagePicker> {
    const marked = new Set<string>()
    for await (const [key, entry] of urls.range()) {
      if (entry.page === true) marked.add(key)
    }
    return new PagePicker(marked.size > 0 ? marked : undefined)
  }

  consider (h: IparoHeader): void {
    const isPage = this.marked != null
      ? this.marked.has(h.key ?? surt(h.uri))
      : h.mime === 'text/html' && h.status === 200 && (h.method ?? 'GET') === 'GET'
    if (!isPage) return
    const page: WaczPage = { url: h.uri, ts: h.datetime }
    if (h.title != null) page.title = h.title
    this.pages.push(page)
  }
}
