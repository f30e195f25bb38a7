import type { Modifier } from '../replay/replay-path.ts'
import { rewriteCss } from './css-rewriter.ts'
import { decodeEntities, escapeAttribute } from './html-entities.ts'
import type { StartTag, TagAttribute } from './html-tag.ts'
import { rewriteLocation } from './js-location-rewriter.ts'
import { linkModifier } from './link-modifier.ts'
import { rewriteSrcset } from './srcset.ts'
import { rewriteRefresh } from './refresh.ts'
import type { UrlRewriter } from './url-rewriter.ts'

/** Attributes holding one URL, by tag ('*' for any tag), and the modifier their URI-M gets. */
const URL_ATTRIBUTES: Record<string, Record<string, Modifier>> = {
  a: { href: 'mp_' },
  area: { href: 'mp_' },
  base: { href: 'mp_' },
  form: { action: 'mp_' },
  button: { formaction: 'mp_' },
  input: { formaction: 'mp_', src: 'im_' },
  img: { src: 'im_', lowsrc: 'im_', longdesc: 'mp_' },
  image: { href: 'im_', 'xlink:href': 'im_' },
  use: { href: 'im_', 'xlink:href': 'im_' },
  feimage: { href: 'im_', 'xlink:href': 'im_' },
  script: { src: 'js_' },
  iframe: { src: 'if_', longdesc: 'mp_' },
  frame: { src: 'if_', longdesc: 'mp_' },
  video: { src: 'oe_', poster: 'im_' },
  audio: { src: 'oe_' },
  source: { src: 'oe_' },
  track: { src: 'oe_' },
  embed: { src: 'oe_' },
  object: { data: 'oe_' },
  blockquote: { cite: 'mp_' },
  q: { cite: 'mp_' },
  del: { cite: 'mp_' },
  ins: { cite: 'mp_' },
  body: { background: 'im_' },
  table: { background: 'im_' },
  td: { background: 'im_' },
  th: { background: 'im_' },
  tr: { background: 'im_' }
}

const SRCSET_ATTRIBUTES: Record<string, string> = { img: 'srcset', source: 'srcset', link: 'imagesrcset' }
/** Targets that would take a navigation out of the replay frame (the client script checks them too). */
export const LEAVING_TARGET = /^\s*_(?:blank|top|parent)\s*$/i
/** The prefix a disabled attribute's name or an inert meta's http-equiv gets: kept visible, without effect. */
export const DISABLED_PREFIX = 'data-archive-orig-'

const valueOf = (tag: StartTag, name: string): string | undefined => {
  const a = tag.attributes.find(x => x.name === name)
  return a?.value == null ? undefined : decodeEntities(a.value)
}

interface Edit { start: number, end: number, text: string }

/** The changes to one tag's text, applied at the end (no closures per tag: this runs for every tag of a page). */
class TagEdits {
  readonly edits: Edit[] = []

  /** Sets an attribute's value; an absolute URL only gets a prefix, staying as the page wrote it, escapes and all. */
  setValue (a: TagAttribute, value: string, decoded = a.value == null ? '' : decodeEntities(a.value)): void {
    if (a.value == null) return
    const raw = a.value
    if (value === decoded) return
    const quote = a.quote === '' ? '"' : a.quote
    const out = value.endsWith(decoded) && decoded !== '' && /(?:\/|https?:)$/.test(value.slice(0, value.length - decoded.length))
      ? escapeAttribute(value.slice(0, value.length - decoded.length), quote) + raw
      : escapeAttribute(value, quote)
    this.edits.push({ start: a.valueStart, end: a.valueEnd, text: a.quote === '' ? `"${out}"` : out })
  }

  rename (a: TagAttribute): void {
    this.edits.push({ start: a.nameStart, end: a.nameEnd, text: `${DISABLED_PREFIX}${a.name}` })
  }

  apply (text: string): string {
    if (this.edits.length === 0) return text
    this.edits.sort((x, y) => x.start - y.start)
    let out = ''
    let at = 0
    for (const e of this.edits) { out += text.slice(at, e.start) + e.text; at = e.end }
    return out + text.slice(at)
  }
}

/**
 * One start tag with its URLs pointing into the archive and what would escape replay disabled:
 * `integrity`, `target` leaving the frame, a meta CSP or cookie. `text` is the tag's source; the
 * result is the tag to send, every byte not rewritten kept as it was.
 */
export function rewriteStartTag (text: string, tag: StartTag, urls: UrlRewriter, nested: (html: string) => string): string {
  const edits = new TagEdits()
  const byName = URL_ATTRIBUTES[tag.name]
  for (const a of tag.attributes) {
    // integrity: rewritten bytes differ from the hash; ping: a tracking POST for every click
    if (a.name === 'integrity' || a.name === 'ping') { edits.rename(a); continue }
    if (a.value == null) continue
    const modifier = tag.name === 'link' && a.name === 'href' ? linkModifier(valueOf(tag, 'rel') ?? '', valueOf(tag, 'as') ?? '') : byName?.[a.name]
    if (modifier != null) {
      const value = decodeEntities(a.value)
      edits.setValue(a, urls.rewrite(value, modifier), value)
      if (tag.name === 'base') urls.setDocumentBase(value)
    } else if (SRCSET_ATTRIBUTES[tag.name] === a.name) {
      const value = decodeEntities(a.value)
      edits.setValue(a, rewriteSrcset(value, urls), value)
    } else if (a.name === 'style') {
      const value = decodeEntities(a.value)
      edits.setValue(a, rewriteCss(value, urls), value)
    } else if (a.name === 'target' && LEAVING_TARGET.test(a.value)) {
      edits.setValue(a, '_self')
    } else if (a.name.startsWith('on') && a.value.includes('location')) {
      // an event handler: a classic script body of its own
      const value = decodeEntities(a.value)
      edits.setValue(a, rewriteLocation(value), value)
    } else if (a.name === 'srcdoc' && tag.name === 'iframe') {
      const value = decodeEntities(a.value)
      edits.setValue(a, nested(value), value)
    }
  }
  if (tag.name === 'meta') metaEdits(tag, urls, edits)
  return edits.apply(text)
}

/** `<meta http-equiv=refresh>` goes to a URI-M; a meta CSP or cookie is made inert (renamed, still readable). */
function metaEdits (tag: StartTag, urls: UrlRewriter, edits: TagEdits): void {
  const equiv = tag.attributes.find(a => a.name === 'http-equiv')
  const content = tag.attributes.find(a => a.name === 'content')
  if (equiv?.value == null) return
  const kind = decodeEntities(equiv.value).trim().toLowerCase()
  if (kind === 'refresh' && content?.value != null) {
    const value = decodeEntities(content.value)
    edits.setValue(content, rewriteRefresh(value, urls), value)
  } else if (kind === 'content-security-policy' || kind === 'content-security-policy-report-only' || kind === 'set-cookie') {
    edits.setValue(equiv, `${DISABLED_PREFIX}${kind}`)
  }
}
