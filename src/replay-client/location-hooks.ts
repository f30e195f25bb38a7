import { LOCATION_NAME } from '../core/rewrite/js-location-rewriter.ts'
import type { ArchiveUrls } from './archive-urls.ts'

/**
 * What the page's rewritten scripts get for `location` (`src/core/rewrite/js-location-rewriter.ts`): the
 * archived URL the page shows (following pushState), and navigations that go to its URI-M. The real
 * `location` is unforgeable, so scripts are rewritten to read this one instead.
 */
export class ArchiveLocation {
  constructor (private readonly urls: ArchiveUrls) {}

  private get url (): URL { return new URL(this.urls.current()) }

  get href (): string { return this.url.href }
  set href (value: string) { this.assign(value) }
  get protocol (): string { return this.url.protocol }
  set protocol (value: string) { this.change(u => { u.protocol = value }) }
  get host (): string { return this.url.host }
  set host (value: string) { this.change(u => { u.host = value }) }
  get hostname (): string { return this.url.hostname }
  set hostname (value: string) { this.change(u => { u.hostname = value }) }
  get port (): string { return this.url.port }
  set port (value: string) { this.change(u => { u.port = value }) }
  get pathname (): string { return this.url.pathname }
  set pathname (value: string) { this.change(u => { u.pathname = value }) }
  get search (): string { return this.url.search }
  set search (value: string) { this.change(u => { u.search = value }) }
  // the fragment is the same on the replay URL: changing it stays a same-document navigation
  get hash (): string { return location.hash }
  set hash (value: string) { location.hash = value }
  get origin (): string { return this.url.origin }
  get ancestorOrigins (): DOMStringList { return location.ancestorOrigins }

  assign (url: string | URL): void { location.assign(this.urls.rewrite(url, 'mp_')) }
  replace (url: string | URL): void { location.replace(this.urls.rewrite(url, 'mp_')) }
  reload (): void { location.reload() }
  toString (): string { return this.href }
  valueOf (): this { return this }
  toJSON (): string { return this.href }

  private change (edit: (url: URL) => void): void {
    const url = this.url
    edit(url)
    this.assign(url.href)
  }
}

/**
 * Defines {@link LOCATION_NAME}: on `Window.prototype` and `Document.prototype` it is this page's
 * {@link ArchiveLocation} (assigning to it navigates to the URI-M); on `Object.prototype` it is an object's
 * own `location`, so `foo.location` on ordinary objects means what it did. Nodes that have no `location` of
 * their own give the page's: an event handler attribute's scope holds the element and its form before the
 * document, and its bare `location` means the document's.
 */
export function hookLocation (urls: ArchiveUrls): ArchiveLocation {
  hookFrames()
  const fake = new ArchiveLocation(urls)
  const navigate = (value: unknown): void => { fake.assign(String(value)) }
  Object.defineProperty(Window.prototype, LOCATION_NAME, {
    configurable: true,
    // only this realm's window has this prototype: no other window reaches these (and the receiver may be the global object behind the proxy)
    get () { return fake },
    set (value: unknown) { navigate(value) }
  })
  Object.defineProperty(Document.prototype, LOCATION_NAME, {
    configurable: true,
    get (this: Document) { return this === document ? fake : this.location },
    set (this: Document, value: unknown) { if (this === document) navigate(value); else this.location = value as string }
  })
  // on every object: rewritten scripts read `foo.location` through the name whatever `foo` is
  Object.defineProperty(Object.prototype, LOCATION_NAME, {
    configurable: true,
    get (this: Record<string, unknown>) { return this instanceof Node && !('location' in this) ? fake : this.location },
    set (this: Record<string, unknown>, value: unknown) { if (this instanceof Node && !('location' in this)) navigate(value); else this.location = value }
  })
  return fake
}

/** The `Object.prototype` fallback alone, in another realm that has nothing under the name. */
function defineFallback (realm: { Object: ObjectConstructor }): void {
  if (Object.prototype.hasOwnProperty.call(realm.Object.prototype, LOCATION_NAME)) return
  Object.defineProperty(realm.Object.prototype, LOCATION_NAME, {
    configurable: true,
    get (this: Record<string, unknown>) { return this.location },
    set (this: Record<string, unknown>, value: unknown) { this.location = value }
  })
}

/**
 * A frame the page fills itself (`about:blank`, `srcdoc` before its client script runs) is another realm
 * without the name: when the page reaches into it, it gets the fallback, so `doc.location` in rewritten
 * code reads that frame's own `location` rather than `undefined`. A frame on another origin is left alone.
 */
function hookFrames (): void {
  const scope = window as unknown as Record<string, { prototype: object } | undefined>
  for (const iface of ['HTMLIFrameElement', 'HTMLFrameElement', 'HTMLObjectElement']) {
    const prototype = scope[iface]?.prototype
    for (const property of ['contentWindow', 'contentDocument']) {
      const d = prototype != null ? Object.getOwnPropertyDescriptor(prototype, property) : undefined
      const get = d?.get
      if (prototype == null || d == null || get == null) continue
      Object.defineProperty(prototype, property, {
        ...d,
        get (this: Element) {
          const value = get.call(this) as Window | Document | null
          const realm = value == null ? null : 'defaultView' in value ? value.defaultView : value
          try {
            if (realm != null) defineFallback(realm as unknown as { Object: ObjectConstructor })
          } catch {
            // another origin: its properties are out of reach, and rewritten code left its `.location` alone
          }
          return value
        }
      })
    }
  }
}
