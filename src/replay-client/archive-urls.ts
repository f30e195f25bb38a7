import type { Modifier } from '../core/replay/replay-path.ts'
import { UrlRewriter, type RewriteTarget } from '../core/rewrite/url-rewriter.ts'

/**
 * URLs as the replayed page's scripts build them, turned into URI-Ms at the page's datetime. Relative
 * URLs resolve against the page's archived base; an absolute URL on the replay origin that is not a
 * URI-M of this archive was built from `location` (which is the replay URL) and means the original host.
 */
// The real base URL: the page's `baseURI` getter is made to give the archived one (dom-hooks.ts).
const nativeBaseUri = Object.getOwnPropertyDescriptor(Node.prototype, 'baseURI')?.get
const documentBase = (): string => nativeBaseUri?.call(document) as string | undefined ?? document.baseURI

export class ArchiveUrls {
  private readonly urls: UrlRewriter
  private baseSeen = ''

  constructor (readonly target: RewriteTarget, private readonly origin: string) {
    this.urls = new UrlRewriter(target)
  }

  /** The archived URL behind a URL of the replay origin, else undefined. */
  original (href: string): string | undefined {
    const url = URL.parse(href, this.origin)
    if (url == null || url.origin !== this.origin) return undefined
    return this.urls.original(url.pathname + url.search + url.hash)
  }

  /** The archived URL the page currently shows (pushState included). */
  current (): string {
    return this.original(location.href) ?? this.target.url
  }

  rewrite (value: string | URL, modifier: Modifier): string {
    const url = String(value)
    this.syncBase()
    const parsed = URL.parse(url, documentBase())
    if (parsed != null && parsed.origin === this.origin && /^(?:https?:)?\/\//i.test(url.trim())) {
      if (this.original(parsed.href) != null) return url
      return this.urls.rewrite(parsed.pathname + parsed.search + parsed.hash, modifier)
    }
    return this.urls.rewrite(url, modifier)
  }

  /** Whether `href` is a URI-M of this archive on this origin (where a navigation may go as it is). */
  inArchive (href: string): boolean {
    return this.original(href) != null
  }

  /** A `<base>` the page has (rewritten to a URI-M) or added at run time moves relative URLs. */
  private syncBase (): void {
    const base = documentBase()
    if (base === this.baseSeen) return
    this.baseSeen = base
    this.urls.setBase(this.original(base) ?? this.current())
  }
}
