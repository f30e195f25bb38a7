/**
 * The scale bench's crawl: `urls` URLs over hosts of 1–199 pages (mean 100, as bench/url-map), each
 * captured once per crawl, `versions` crawls spread over the years. Every URL and capture is a pure
 * function of its index, so the measuring side draws random URLs and datetimes without the list.
 * A quarter of the captures after the first repeat the previous crawl's HTML (a re-crawl of an unchanged
 * page: new head, same payload), so deduplication is exercised as in real collections.
 */

const TLDS = ['com', 'org', 'net', 'de', 'co.uk', 'fr', 'io', 'edu', 'gov', 'nl', 'jp', 'br']
const WORDS = ['news', 'blog', 'shop', 'library', 'museum', 'archive', 'city', 'science', 'sports', 'music', 'travel', 'food']
const SECTIONS = ['news', 'about', 'events', 'people', 'research', 'products', 'help', 'docs']
/** The first crawl's instant; crawl v is about 1.5 years after crawl v − 1. */
const FIRST_CRAWL_MS = Date.UTC(2008, 2, 1)
const CRAWL_SPACING_MS = 547 * 86_400_000

/** A small deterministic hash of integers (xorshift-multiply), for per-URL choices without state. */
export function mix (...ns: number[]): number {
  let h = 0x9e3779b9
  for (const n of ns) {
    h = Math.imul(h ^ (n >>> 0), 0x85ebca6b)
    h ^= h >>> 13
    h = Math.imul(h, 0xc2b2ae35)
    h ^= h >>> 16
  }
  return h >>> 0
}

export class SyntheticCrawl {
  /** index of each host's first URL (hosts in order); the last entry is `urls` */
  private readonly starts: number[] = [0]

  /**
   * `committed`: how many captures (in build order: crawl by crawl) the archive holds, when measuring a
   * build still under way; the answers below are those of that archive.
   */
  constructor (readonly urls: number, readonly versions: number, readonly committed = urls * versions) {
    for (let host = 0; (this.starts[this.starts.length - 1] ?? 0) < urls; host++) {
      const last = this.starts[this.starts.length - 1] ?? 0
      this.starts.push(Math.min(urls, last + 1 + (mix(host, 7) % 199)))
    }
  }

  get mementos (): number {
    return this.urls * this.versions
  }

  /** URLs with at least one capture committed (the first ones in index order) */
  get present (): number {
    return Math.min(this.urls, this.committed)
  }

  /** hosts with at least one URL committed */
  get presentHosts (): number {
    return this.present === 0 ? 0 : this.hostOf(this.present - 1) + 1
  }

  /** Captures of URL i committed: crawls 0 … versionsOf(i) − 1. */
  versionsOf (i: number): number {
    return Math.max(0, Math.min(this.versions, Math.ceil((this.committed - i) / this.urls)))
  }

  /** The instants of URL i's committed captures, oldest first. */
  datetimes (i: number): number[] {
    return Array.from({ length: this.versionsOf(i) }, (_, v) => this.datetimeMs(i, v))
  }

  /** From the first crawl's start to the end of the last committed crawl. */
  span (): [number, number] {
    return [this.datetimeMs(0, 0), FIRST_CRAWL_MS + (Math.ceil(this.committed / this.urls) - 1) * CRAWL_SPACING_MS + 120 * 86_400_000]
  }

  get hosts (): number {
    return this.starts.length - 1
  }

  private hostOf (i: number): number {
    let lo = 0
    let hi = this.starts.length - 2
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((this.starts[mid] ?? 0) <= i) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  hostName (host: number): string {
    return `${['www.', '', 'blog.', 'www2.'][host % 4] ?? ''}${WORDS[host % WORDS.length] ?? 'site'}-${host}.${TLDS[Math.floor(host / 7) % TLDS.length] ?? 'com'}`
  }

  /** The i-th URL: a few path shapes, a fifth with query strings (what SURT keys sort and normalize). */
  url (i: number): string {
    const host = this.hostOf(i)
    const p = i - (this.starts[host] ?? 0)
    const h = mix(i, 1)
    const scheme = h % 2 === 0 ? 'https' : 'http'
    if (p === 0) return `${scheme}://${this.hostName(host)}/`
    const path = p % 3 === 0
      ? `/${2000 + (p % 24)}/${String(1 + (p % 12)).padStart(2, '0')}/article-${p}-${h % 1_000_000}.html`
      : p % 3 === 1 ? `/${SECTIONS[p % SECTIONS.length] ?? 'x'}/Page_${p}` : `/${SECTIONS[h % SECTIONS.length] ?? 'x'}/item/${p}`
    return `${scheme}://${this.hostName(host)}${path}${p % 5 === 0 ? `?id=${p}&lang=en&ref=home` : ''}`
  }

  /** When crawl v captured URL i (second precision, distinct for every URL of a crawl). */
  datetimeMs (i: number, v: number): number {
    return FIRST_CRAWL_MS + v * CRAWL_SPACING_MS + (mix(i, v, 3) % (120 * 86_400)) * 1000
  }

  /** The crawl whose HTML capture (i, v) carries: itself, or an earlier one when the page was unchanged. */
  contentVersion (i: number, v: number): number {
    let c = v
    while (c > 0 && mix(i, c, 5) % 4 === 0) c--
    return c
  }

  /** A small real page: title, heading, a paragraph and links to other pages of its host. */
  html (i: number, v: number): string {
    const c = this.contentVersion(i, v)
    const host = this.hostOf(i)
    const first = this.starts[host] ?? 0
    const size = (this.starts[host + 1] ?? first + 1) - first
    const links = [1, 2, 3].map(k => `<li><a href="${this.url(first + (mix(i, c, k) % size))}">related ${k}</a></li>`).join('')
    return `<!doctype html><html><head><meta charset="utf-8"><title>Page ${i} of ${this.hostName(host)}, edition ${c}</title></head>` +
      `<body><h1>Page ${i}</h1><p>Edition ${c} of this page, updated ${new Date(this.datetimeMs(i, c)).toUTCString()}. ` +
      `Reference ${mix(i, c, 9).toString(16)}.</p><ul>${links}</ul></body></html>\n`
  }
}
