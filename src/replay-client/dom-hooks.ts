import type { Modifier } from '../core/replay/replay-path.ts'
import { rewriteHtml } from '../core/rewrite/html-rewriter.ts'
import { rewriteRefresh } from '../core/rewrite/refresh.ts'
import { linkModifier } from '../core/rewrite/link-modifier.ts'
import { rewriteSrcset } from '../core/rewrite/srcset.ts'
import { UrlRewriter } from '../core/rewrite/url-rewriter.ts'
import type { ArchiveUrls } from './archive-urls.ts'

type ModifierFor = (element: Element) => Modifier
const fixed = (m: Modifier): ModifierFor => () => m
// the same as a <link> in the served page and an entry of an archived Link header (core/rewrite/link-modifier.ts)
const linkModifierOf: ModifierFor = (el) => linkModifier(el.getAttribute('rel') ?? '', el.getAttribute('as') ?? '')

/** URL-valued properties (and the attributes of the same name) by interface, with their URI-M modifier. */
const URL_PROPERTIES: Array<[string, string, string, ModifierFor]> = [
  ['HTMLAnchorElement', 'href', 'href', fixed('mp_')],
  ['HTMLAreaElement', 'href', 'href', fixed('mp_')],
  ['HTMLLinkElement', 'href', 'href', linkModifierOf],
  ['HTMLBaseElement', 'href', 'href', fixed('mp_')],
  ['HTMLImageElement', 'src', 'src', fixed('im_')],
  ['HTMLScriptElement', 'src', 'src', fixed('js_')],
  ['HTMLIFrameElement', 'src', 'src', fixed('if_')],
  ['HTMLFrameElement', 'src', 'src', fixed('if_')],
  ['HTMLMediaElement', 'src', 'src', fixed('oe_')],
  ['HTMLVideoElement', 'poster', 'poster', fixed('im_')],
  ['HTMLSourceElement', 'src', 'src', fixed('oe_')],
  ['HTMLTrackElement', 'src', 'src', fixed('oe_')],
  ['HTMLEmbedElement', 'src', 'src', fixed('oe_')],
  ['HTMLObjectElement', 'data', 'data', fixed('oe_')],
  ['HTMLFormElement', 'action', 'action', fixed('mp_')],
  ['HTMLInputElement', 'src', 'src', fixed('im_')],
  ['HTMLInputElement', 'formAction', 'formaction', fixed('mp_')],
  ['HTMLButtonElement', 'formAction', 'formaction', fixed('mp_')]
]
const SRCSET: Array<[string, string]> = [['HTMLImageElement', 'srcset'], ['HTMLSourceElement', 'srcset']]
/** Read-only URL properties, read back as the archived URL too. */
const URL_GETTERS: Array<[string, string]> = [['HTMLImageElement', 'currentSrc'], ['HTMLMediaElement', 'currentSrc']]

/**
 * URLs scripts put into the DOM go to the archive: the URL properties' setters, `setAttribute` of the
 * same attributes, `srcset`, and HTML given to `innerHTML`, `insertAdjacentHTML` and `document.write`
 * (rewritten like a served page). Reading a property back gives the archived URL (while the element
 * keeps loading the URI-M), as do `currentSrc`, `document.URL`, `documentURI` and `baseURI`.
 */
export function hookDom (urls: ArchiveUrls, win: Realm = window): void {
  const byAttribute = hookUrlProperties(urls, win)
  hookSrcset(urls, win)
  hookUrlGetters(urls, win)
  hookAttributes(urls, byAttribute, win)
  hookHtml(urls, win)
  hookDocumentProperties(urls, win)
}

/** HTML a script gives the DOM, rewritten like a served page. */
const rewriteMarkup = (urls: ArchiveUrls, markup: string): string =>
  markup.includes('<') ? rewriteHtml(markup, { urls: new UrlRewriter({ ...urls.target, url: urls.current() }) }) : markup

/** A `<meta http-equiv=refresh>`'s content, made to go to a URI-M (the browser reads it when the element is inserted). */
function fixRefresh (urls: ArchiveUrls, meta: Element, setAttribute: (this: Element, name: string, value: string) => void): void {
  const content = meta.getAttribute('content')
  if (!/^\s*refresh\s*$/i.test(meta.getAttribute('http-equiv') ?? '') || content == null) return
  const rewritten = rewriteRefresh(content, urls)
  if (rewritten !== content) setAttribute.call(meta, 'content', rewritten)
}

/**
 * The properties that carry a document or a refresh: `iframe.srcdoc` (HTML, rewritten whole) and a meta
 * element's `content` / `httpEquiv` (a refresh URL). Not in URL_PROPERTIES: they are not URLs.
 */
function hookDocumentProperties (urls: ArchiveUrls, win: Realm): void {
  const setAttribute = win.Element.prototype.setAttribute
  const srcdoc = Object.getOwnPropertyDescriptor(win.HTMLIFrameElement.prototype, 'srcdoc')
  if (srcdoc?.set != null) {
    const set = srcdoc.set
    Object.defineProperty(win.HTMLIFrameElement.prototype, 'srcdoc', { ...srcdoc, set (this: HTMLIFrameElement, value: unknown) { set.call(this, rewriteMarkup(urls, String(value))) } })
  }
  for (const property of ['content', 'httpEquiv']) {
    const d = Object.getOwnPropertyDescriptor(win.HTMLMetaElement.prototype, property)
    if (d?.set == null) continue
    const set = d.set
    Object.defineProperty(win.HTMLMetaElement.prototype, property, { ...d, set (this: HTMLMetaElement, value: unknown) { set.call(this, value); fixRefresh(urls, this, setAttribute) } })
  }
}

/** A window's global scope: the page's own, or a same-origin frame realm it made (realm-guard.ts). */
export type Realm = Window & typeof globalThis

/** A realm's DOM interfaces by name (some are missing in some browsers). */
const domInterfaces = (win: Realm): Record<string, { prototype: object } | undefined> => win as unknown as Record<string, { prototype: object } | undefined>

/** By attribute, the DOM interfaces (by name) that have it as a URL property, and their modifier. */
type ModifiersByAttribute = Map<string, Array<[string, ModifierFor]>>

/**
 * Whether `el` is an `iface`, asked of the element's own realm: a method of another realm (a frame the
 * page made) may be called on it, and `instanceof` that realm's interface would say no.
 */
function isA (el: Element, iface: string, win: Realm): boolean {
  const scope = domInterfaces((el.ownerDocument?.defaultView ?? win) as Realm) as unknown as Record<string, (abstract new () => unknown) | undefined>
  const ctor = scope[iface]
  return ctor != null && el instanceof ctor
}

/** The URL properties' getters and setters; returns, by attribute, the interfaces that have it and their modifier. */
function hookUrlProperties (urls: ArchiveUrls, win: Realm): ModifiersByAttribute {
  const byAttribute: ModifiersByAttribute = new Map()
  const scope = domInterfaces(win)
  for (const [iface, property, attribute, modifier] of URL_PROPERTIES) {
    const ctor = scope[iface]
    if (ctor == null) continue
    const d = Object.getOwnPropertyDescriptor(ctor.prototype, property)
    if (d?.set != null && d.get != null) {
      const { get, set } = d
      Object.defineProperty(ctor.prototype, property, {
        ...d,
        get (this: Element) { return archived(urls, get.call(this)) },
        set (this: Element, value: unknown) { set.call(this, urls.rewrite(String(value), modifier(this))) }
      })
    }
    byAttribute.set(attribute, [...(byAttribute.get(attribute) ?? []), [iface, modifier]])
  }
  return byAttribute
}

function hookSrcset (urls: ArchiveUrls, win: Realm): void {
  const scope = domInterfaces(win)
  for (const [iface, property] of SRCSET) {
    const ctor = scope[iface]
    const d = ctor != null ? Object.getOwnPropertyDescriptor(ctor.prototype, property) : undefined
    if (ctor == null || d?.set == null) continue
    const { get, set } = d
    const original = { rewrite: (url: string) => urls.original(url) ?? url }
    Object.defineProperty(ctor.prototype, property, {
      ...d,
      get (this: Element) { const v = get?.call(this) as unknown; return typeof v === 'string' ? rewriteSrcset(v, original) : v },
      set (this: Element, value: unknown) { set.call(this, srcset(urls, String(value))) }
    })
  }
}

/** Read-only URLs read back as archived: `currentSrc`, `baseURI`, `referrer`, `document.URL` and `documentURI`. */
function hookUrlGetters (urls: ArchiveUrls, win: Realm): void {
  const scope = domInterfaces(win)
  for (const [iface, property] of URL_GETTERS) hookGetter(scope[iface]?.prototype, property, urls)
  hookGetter(win.Node.prototype, 'baseURI', urls)
  // the archived page that linked here, not its replay URL
  hookGetter(win.Document.prototype, 'referrer', urls)
  for (const property of ['URL', 'documentURI']) {
    const d = Object.getOwnPropertyDescriptor(win.Document.prototype, property)
    const get = d?.get
    if (d == null || get == null) continue
    Object.defineProperty(win.Document.prototype, property, { ...d, get (this: Document) { return this === document ? urls.current() : get.call(this) } })
  }
}

/** `setAttribute` and `setAttributeNS` of URL attributes rewrite them as their properties' setters do. */
function hookAttributes (urls: ArchiveUrls, byAttribute: ModifiersByAttribute, win: Realm): void {
  const rewriteAttribute = (el: Element, name: string, value: string): string => {
    const lower = name.toLowerCase()
    if (lower === 'srcset' || lower === 'imagesrcset') return srcset(urls, value)
    for (const [iface, modifier] of byAttribute.get(lower) ?? []) if (isA(el, iface, win)) return urls.rewrite(value, modifier(el))
    if ((lower === 'href' || lower === 'xlink:href') && isA(el, 'SVGElement', win)) return urls.rewrite(value, el.localName === 'a' ? 'mp_' : 'im_')
    if (lower === 'srcdoc' && isA(el, 'HTMLIFrameElement', win)) return rewriteMarkup(urls, value)
    return value
  }
  const element = win.Element.prototype
  const setAttribute = element.setAttribute
  element.setAttribute = function (this: Element, name: string, value: string) {
    setAttribute.call(this, name, rewriteAttribute(this, name, String(value)))
    if (/^(content|http-equiv)$/i.test(name) && isA(this, 'HTMLMetaElement', win)) fixRefresh(urls, this, setAttribute)
  }
  const setAttributeNS = element.setAttributeNS
  element.setAttributeNS = function (this: Element, ns: string | null, name: string, value: string) {
    setAttributeNS.call(this, ns, name, rewriteAttribute(this, name.replace(/^.*:/, 'xlink:'), String(value)))
  }
}

/** HTML given to `innerHTML`, `insertAdjacentHTML` and `document.write` is rewritten like a served page. */
function hookHtml (urls: ArchiveUrls, win: Realm): void {
  const html = (markup: string): string => rewriteMarkup(urls, markup)
  const element = win.Element.prototype
  const inner = Object.getOwnPropertyDescriptor(element, 'innerHTML')
  if (inner?.set != null) {
    const set = inner.set
    Object.defineProperty(element, 'innerHTML', { ...inner, set (this: Element, value: unknown) { set.call(this, isA(this, 'HTMLScriptElement', win) || isA(this, 'HTMLStyleElement', win) ? value : html(String(value))) } })
  }
  const insertAdjacentHTML = element.insertAdjacentHTML
  element.insertAdjacentHTML = function (this: Element, where: InsertPosition, markup: string) {
    insertAdjacentHTML.call(this, where, html(markup))
  }
  for (const name of ['write', 'writeln'] as const) {
    const native = win.Document.prototype[name]
    win.Document.prototype[name] = function (this: Document, ...text: string[]) {
      native.call(this, ...text.map(t => html(t)))
    }
  }
}

const srcset = (urls: ArchiveUrls, value: string): string => rewriteSrcset(value, urls)

/** A URL the browser holds (a URI-M on the replay origin) as the archived URL it stands for; anything else as it is. */
const archived = (urls: ArchiveUrls, value: unknown): unknown => typeof value === 'string' ? urls.original(value) ?? value : value

function hookGetter (prototype: object | undefined, property: string, urls: ArchiveUrls): void {
  const d = prototype != null ? Object.getOwnPropertyDescriptor(prototype, property) : undefined
  const get = d?.get
  if (prototype == null || d == null || get == null) return
  Object.defineProperty(prototype, property, { ...d, get (this: object) { return archived(urls, get.call(this)) } })
}
