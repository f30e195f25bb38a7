import type { Modifier } from '../replay/replay-path.ts'

/** Where a replayed response lives: enough to turn any URL it names into a URI-M of the same archive and time. */
export interface RewriteTarget {
  archive: string
  /** the memento's datetime digits, as in its URI-M */
  digits: string
  modifier: Modifier
  /** the archived URL the response was asked for: the base of its relative URLs */
  url: string
  /** where replay is mounted, slashes at both ends ('/' by default) */
  prefix?: string
}

/** What turns a URL into its URI-M: the rewriter here, or the client script's run-time equivalent. */
export interface UrlMapper {
  rewrite: (url: string, modifier: Modifier) => string
}

// Schemes that name no archived resource: left as they are.
const KEEP = /^(?:#|data:|blob:|javascript:|about:|mailto:|tel:|sms:|file:|chrome:|view-source:|\{\{)/i
const ABSOLUTE = /^https?:\/\//i
const SCHEME_RELATIVE = /^\/\//
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i
// Bytes outside ASCII in a binary string (see binary-string.ts): escaped before the URL parser sees them.
const HIGH = /[\u0080-\u00ff]/g

/**
 * Turns the URLs a replayed page names into URI-Ms of its archive at its datetime:
 * `<prefix><archive>/<digits><modifier>/<absolute URL>`, root-relative, so the same text works on any
 * replay origin. An absolute URL keeps its exact characters after the prefix; a relative one is resolved
 * against the base (the page's URL or its `<base href>`) first. Already rewritten URLs are left alone.
 */
export class UrlRewriter implements UrlMapper {
  readonly prefix: string
  /** `<prefix><archive>/`: every URI-M of this archive starts so */
  readonly archiveRoot: string
  private base: URL
  private documentBaseSeen = false

  private readonly escape: (s: string) => string
  private readonly binary: boolean

  /**
   * `binary`: URLs come as binary strings (one char per byte, see binary-string.ts), whose bytes above
   * ASCII are escaped as they are before parsing; otherwise they are ordinary strings.
   */
  constructor (readonly target: RewriteTarget, options: { binary?: boolean } = {}) {
    this.prefix = target.prefix ?? '/'
    this.archiveRoot = `${this.prefix}${target.archive}/`
    this.binary = options.binary === true
    this.escape = this.binary ? escapeHigh : s => s
    this.base = URL.parse(this.escape(target.url)) ?? new URL('http://invalid.invalid/')
  }

  /** The archived URL relative URLs resolve against. */
  get baseUrl (): string { return this.base.href }

  /** A rewriter for a document nested in this one (`<iframe srcdoc>`): the same URI-Ms, its own `<base>`, starting from this base. */
  nested (): UrlRewriter {
    return new UrlRewriter({ ...this.target, url: this.base.href }, { binary: this.binary })
  }

  /** A `<base href>` in the page: like browsers, only the first one counts. */
  setDocumentBase (href: string): void {
    if (this.documentBaseSeen) return
    this.documentBaseSeen = true
    this.setBase(href)
  }

  /** What relative URLs resolve against from now on (resolved against the current base). */
  setBase (href: string): void {
    const resolved = URL.parse(this.escape(href.trim()), this.base)
    if (resolved != null && /^https?:$/.test(resolved.protocol)) this.base = resolved
  }

  /** The URI-M prefix for `modifier`: `<prefix><archive>/<digits><modifier>/`. */
  mementoPrefix (modifier: Modifier): string {
    return `${this.archiveRoot}${this.target.digits}${modifier}/`
  }

  /** The URI-M for `url` (a URL as the page wrote it, entities already decoded), or `url` when it names nothing archivable. */
  rewrite (url: string, modifier: Modifier): string {
    const raw = url.trim()
    if (raw === '' || KEEP.test(raw) || this.isRewritten(raw)) return url
    if (ABSOLUTE.test(raw)) return this.mementoPrefix(modifier) + raw
    if (SCHEME_RELATIVE.test(raw)) return this.mementoPrefix(modifier) + this.base.protocol + raw
    if (HAS_SCHEME.test(raw)) return url // ws:, ftp:, an app's own scheme: nothing the archive holds
    const resolved = URL.parse(this.escape(raw), this.base)
    if (resolved == null) return url
    return this.mementoPrefix(modifier) + resolved.href
  }

  /** The archived URL behind a URI-M of this archive (any datetime or modifier), else undefined. */
  original (path: string): string | undefined {
    if (!path.startsWith(this.archiveRoot)) return undefined
    const m = /^\d{1,17}(?:[a-z]{2}_)?\/(.+)$/.exec(path.slice(this.archiveRoot.length))
    return m?.[1]
  }

  private isRewritten (raw: string): boolean {
    return raw.startsWith(this.archiveRoot) && /^\d{1,17}(?:[a-z]{2}_)?\//.test(raw.slice(this.archiveRoot.length))
  }
}

/** Non-ASCII bytes percent-encoded, as a browser sends them (UTF-8 pages: exactly their bytes). */
export const escapeHigh = (s: string): string =>
  s.replace(HIGH, c => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
