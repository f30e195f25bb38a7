import { fromBinaryString, toBinaryString } from './binary-string.ts'
import { rewriteCss } from './css-rewriter.ts'
import { decodeEntities } from './html-entities.ts'
import { readStartTag, type StartTag } from './html-tag.ts'
import { rewriteLocation } from './js-location-rewriter.ts'
import { rewriteImportMap, rewriteModuleImports } from './js-rewriter.ts'
import { rewriteStartTag } from './tag-rewriter.ts'
import type { UrlRewriter } from './url-rewriter.ts'

export interface HtmlRewriterOptions {
  urls: UrlRewriter
  /** markup put at the top of `<head>` (or before the first tag that is in the head or body) */
  inject?: string
  /** an inline classic script longer than this is sent as it is (its `location` not rewritten), to keep memory bounded */
  maxInlineScript?: number
}

/** 1 MB: inline scripts are rarely larger; bigger ones (inlined bundles, data) stream through unrewritten. */
export const MAX_INLINE_SCRIPT = 1024 * 1024

/** Elements whose content is text up to their end tag; how that text is rewritten. */
type RawKind = 'script' | 'css' | 'module' | 'importmap' | 'text'
// Script types that are JavaScript; other types (templates, JSON-LD, …) are data, left alone.
const JS_TYPES = /^(?:|module|(?:text|application)\/(?:x-)?(?:javascript|ecmascript)|text\/(?:jscript|livescript)|text\/javascript1\.[0-5])$/
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext'])
const BEFORE_HEAD = new Set(['html'])

/**
 * A streaming HTML rewriter over binary strings (one char per byte): `write` takes the next piece of the
 * page and returns what can be sent already; only an unfinished tag, comment opener or end-tag candidate is
 * held back, plus the content of `<style>`, scripts and import maps (each rewritten whole; a classic script
 * only up to `maxInlineScript`, then it passes through as it comes). Text passes through as it comes, so a
 * page of any size flows with bounded memory.
 */
export class HtmlRewriter {
  private pending = ''
  private raw: { name: string, kind: RawKind, buffer: string } | undefined = undefined
  private inComment = false
  private injected: boolean
  /** `<iframe srcdoc>`: a document of its own, rewritten whole with the same URLs (made once, not per tag) */
  private readonly nested: (html: string) => string

  constructor (private readonly options: HtmlRewriterOptions) {
    this.injected = options.inject == null
    this.nested = html => rewriteHtml(html, { urls: options.urls.nested() })
  }

  write (chunk: string): string {
    this.pending += chunk
    return this.run(false)
  }

  end (): string {
    let out = this.run(true)
    if (this.raw != null) { out += this.closeRaw(); this.raw = undefined }
    if (!this.injected) out += this.inject()
    return out
  }

  private run (final: boolean): string {
    const s = this.pending
    let out = ''
    let i = 0
    while (i < s.length) {
      if (this.inComment) {
        const close = s.indexOf('-->', i)
        if (close < 0) {
          const keep = final ? s.length : Math.max(i, s.length - 2)
          out += s.slice(i, keep)
          i = keep
          break
        }
        out += s.slice(i, close + 3)
        i = close + 3
        this.inComment = false
        continue
      }
      if (this.raw != null) {
        const end = this.raw.name === 'plaintext' ? -1 : findEndTag(s, i, this.raw.name)
        if (end < 0) {
          const keep = final ? s.length : Math.max(i, s.length - this.raw.name.length - 2)
          out += this.rawContent(s.slice(i, keep))
          i = keep
          break
        }
        out += this.rawContent(s.slice(i, end)) + this.closeRaw()
        this.raw = undefined
        i = end
        continue
      }
      const lt = s.indexOf('<', i)
      if (lt < 0) { out += s.slice(i); i = s.length; break }
      out += s.slice(i, lt)
      i = lt
      if (i + 1 >= s.length) { if (final) { out += '<'; i++ } break }
      const next = s[i + 1] ?? ''
      if (next === '!' || next === '?') {
        if (s.startsWith('<!--', i)) { out += '<!--'; i += 4; this.inComment = true; continue }
        if (!final && s.length - i < 4 && '<!--'.startsWith(s.slice(i))) break
        const gt = s.indexOf('>', i)
        if (gt < 0) { if (final) { out += s.slice(i); i = s.length } break }
        out += s.slice(i, gt + 1)
        i = gt + 1
      } else if (next === '/') {
        const gt = s.indexOf('>', i)
        if (gt < 0) { if (final) { out += s.slice(i); i = s.length } break }
        const tag = s.slice(i, gt + 1)
        if (!this.injected && !/^<\/html\b/i.test(tag)) out += this.inject()
        out += tag
        i = gt + 1
      } else if (/[a-zA-Z]/.test(next)) {
        const tag = readStartTag(s, i)
        if (tag == null) { if (final) { out += s.slice(i); i = s.length } break }
        out += this.startTag(s.slice(i, i + tag.end), tag)
        i += tag.end
      } else {
        out += '<'
        i++
      }
    }
    this.pending = s.slice(i)
    return out
  }

  private startTag (text: string, tag: StartTag): string {
    const { urls } = this.options
    let before = ''
    let after = ''
    if (!this.injected && !BEFORE_HEAD.has(tag.name)) {
      if (tag.name === 'head') after = this.inject()
      else before = this.inject()
    }
    const rewritten = rewriteStartTag(text, tag, urls, this.nested)
    // `/>` closes nothing in HTML, except in SVG and MathML, where a `<title/>` or `<style/>` is common
    if (RAW_TEXT.has(tag.name) && (tag.name === 'script' || !text.endsWith('/>'))) this.raw = { name: tag.name, kind: rawKind(tag), buffer: '' }
    return before + rewritten + after
  }

  private rawContent (text: string): string {
    const raw = this.raw
    if (raw == null) return text
    if (raw.kind === 'text') return text
    raw.buffer += text
    if (raw.kind === 'script' && raw.buffer.length > (this.options.maxInlineScript ?? MAX_INLINE_SCRIPT)) {
      // too large to hold: the rest streams as archived
      raw.kind = 'text'
      const held = raw.buffer
      raw.buffer = ''
      return held
    }
    return ''
  }

  private closeRaw (): string {
    const raw = this.raw
    if (raw == null) return ''
    const { urls } = this.options
    switch (raw.kind) {
      case 'css': return rewriteCss(raw.buffer, urls)
      case 'script': return rewriteLocation(raw.buffer)
      case 'module': return rewriteLocation(rewriteModuleImports(raw.buffer, urls))
      case 'importmap': return rewriteImportMap(raw.buffer, urls)
      default: return raw.buffer
    }
  }

  private inject (): string {
    this.injected = true
    return this.options.inject ?? ''
  }
}

function rawKind (tag: StartTag): RawKind {
  if (tag.name === 'style') return 'css'
  if (tag.name !== 'script') return 'text'
  const type = decodeEntities(tag.attributes.find(a => a.name === 'type')?.value ?? '').trim().toLowerCase()
  if (type === 'module') return 'module'
  if (type === 'importmap') return 'importmap'
  return JS_TYPES.test(type) ? 'script' : 'text'
}

/** Where the end tag `</name` (followed by space, `/` or `>`) starts at or after `from`, or -1. */
function findEndTag (s: string, from: number, name: string): number {
  let at = s.indexOf('</', from)
  while (at >= 0 && at + name.length + 2 < s.length) {
    if (s.slice(at + 2, at + 2 + name.length).toLowerCase() === name && /[\s/>]/.test(s[at + 2 + name.length] ?? '')) return at
    at = s.indexOf('</', at + 2)
  }
  return -1
}

/** A whole HTML document or fragment (a binary string) rewritten at once: `srcdoc`, tests. */
export function rewriteHtml (html: string, options: HtmlRewriterOptions): string {
  const rewriter = new HtmlRewriter(options)
  return rewriter.write(html) + rewriter.end()
}

/** The rewriter over bytes: every byte outside a rewritten URL comes out as it went in. */
export function htmlRewriteStream (options: HtmlRewriterOptions): TransformStream<Uint8Array, Uint8Array> {
  const rewriter = new HtmlRewriter(options)
  return new TransformStream({
    transform (chunk, controller) {
      const out = rewriter.write(toBinaryString(chunk))
      if (out !== '') controller.enqueue(fromBinaryString(out))
    },
    flush (controller) {
      const out = rewriter.end()
      if (out !== '') controller.enqueue(fromBinaryString(out))
    }
  })
}
