import type { UrlMap } from '../url-map/url-map.ts'
import type { IparoHeader } from '../iparo/iparo-header.ts'
import { surt } from '../surt.ts'
import type { WaczPage } from './wacz-parts.ts'

/**
 * Chooses the pages of a WACZ's `pages/pages.jsonl` among the mementos written: those of the URLs the
 * archive marks as pages (URL-map entries with `page: true`), or, in an archive that marks none, every
 * `text/html` capture with status 200 (the pages a visitor would open; subresources are not listed).
 * Holds no list of URLs: whether a URL is marked is asked of the URL map (O(log n), its nodes cached).
 */
export class PagePicker {
  private constructor (private readonly marked: UrlMap | undefined) {}

  /** Learns whether the archive marks any page (a scan of the URL map, ended at the first marked). */
  static async open (urls: UrlMap): Promise<PagePicker> {
    for await (const [, entry] of urls.range()) {
      if (entry.page === true) return new PagePicker(urls)
    }
    return new PagePicker(undefined)
  }

  /** The page a memento makes, or undefined when it is not one. */
  async consider (h: IparoHeader): Promise<WaczPage | undefined> {
    const isPage = this.marked != null
      ? (await this.marked.get(h.key ?? surt(h.uri)))?.page === true
      : h.mime === 'text/html' && h.status === 200 && (h.method ?? 'GET') === 'GET'
    if (!isPage) return undefined
    const page: WaczPage = { url: h.uri, ts: h.datetime }
    if (h.title != null) page.title = h.title
    return page
  }
}
