import type { Modifier } from '../replay/replay-path.ts'
import { fromBinaryString, toBinaryString } from './binary-string.ts'
import { rewriteCss } from './css-rewriter.ts'
import { rewriteHeaders } from './header-rewriter.ts'
import { escapeAttribute } from './html-entities.ts'
import { htmlRewriteStream } from './html-rewriter.ts'
import { rewriteScriptLocation } from './js-location-rewriter.ts'
import { rewriteModuleImports } from './js-rewriter.ts'
import { UrlRewriter, type RewriteTarget } from './url-rewriter.ts'

/** Turns a replayed response into one whose URLs stay in the archive. */
export type ResponseRewriter = (response: Response, target: RewriteTarget) => Promise<Response>

export interface RewriteOptions {
  /** the client script's path on the replay origin, put at the top of every rewritten HTML page; none when undefined */
  clientScript?: string
  /** CSS and JS bodies are rewritten whole; larger ones are sent as archived */
  maxBufferedBytes?: number
}

type BodyKind = 'html' | 'css' | 'js'
const DEFAULT_MAX_BUFFERED = 16 * 1024 * 1024
const PAGE_MODIFIERS: ReadonlySet<Modifier> = new Set(['', 'mp_', 'if_', 'fw_'])

/** What a body is, from its media type; undefined for what is never rewritten (images, fonts, JSON, …). */
export function bodyKind (contentType: string | null, modifier: Modifier): BodyKind | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  const js = /^(?:application|text)\/(?:x-)?(?:javascript|ecmascript)$/.test(type)
  const css = type === 'text/css'
  if (PAGE_MODIFIERS.has(modifier)) {
    if (type === 'text/html' || type === 'application/xhtml+xml') return 'html'
    return css ? 'css' : js ? 'js' : undefined
  }
  const untyped = type === '' || type === 'text/plain'
  if (modifier === 'js_') return js || untyped ? 'js' : undefined
  if (modifier === 'cs_') return css || untyped ? 'css' : undefined
  return undefined
}

/** The charset an HTML page declares in its first bytes: a BOM, `<meta charset>` or `<meta http-equiv=content-type>`. */
export function sniffCharset (head: Uint8Array): string | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8'
  if ((head[0] === 0xfe && head[1] === 0xff) || (head[0] === 0xff && head[1] === 0xfe)) return 'utf-16'
  const text = toBinaryString(head.subarray(0, 1024))
  const m = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(text)
  return m?.[1]?.toLowerCase()
}

/** The `<script>` that starts the client script with the page's archive, datetime and URL (ASCII only: any charset reads it). */
export function clientScriptTag (src: string, urls: UrlRewriter): string {
  const attr = (v: string): string => escapeAttribute(v, '"').replace(/[^\x20-\x7e]/g, c => `&#${c.codePointAt(0) ?? 0};`)
  const t = urls.target
  return `<script src="${attr(src)}" data-iparo-archive="${attr(t.archive)}" data-iparo-datetime="${attr(t.digits)}" data-iparo-url="${attr(t.url)}" data-iparo-prefix="${attr(urls.prefix)}"></script>`
}

/**
 * Rewrites replayed responses: HTML streamed through the HTML rewriter with the client script
 * injected, CSS and module imports rewritten whole, headers that name URLs pointed into the archive.
 * A body still content-encoded (too large or undecodable to decode) or in UTF-16 is sent as it is.
 */
export function responseRewriter (options: RewriteOptions = {}): ResponseRewriter {
  const maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED
  return async (response, target) => {
    if (target.modifier === 'id_') return response
    const headers = new Headers(response.headers)
    const urls = new UrlRewriter(target, { binary: true })
    rewriteHeaders(headers, urls)
    const kind = bodyKind(headers.get('content-type'), target.modifier)
    const init = { status: response.status, statusText: response.statusText, headers }
    if (kind == null || response.body == null || headers.has('content-encoding')) return new Response(response.body, init)
    if (kind === 'html') {
      const reader = response.body.getReader()
      const first = await reader.read()
      const head = first.done ? new Uint8Array(0) : first.value
      const body = prepend(head, reader)
      const charset = sniffCharset(head)
      if (charset === 'utf-16') return new Response(body, init)
      const type = headers.get('content-type') ?? 'text/html'
      // the injected script moves the page's <meta charset> further in: the header says it instead
      if (charset != null && !/charset=/i.test(type)) headers.set('Content-Type', `${type}; charset=${charset}`)
      headers.delete('content-length')
      const inject = options.clientScript != null ? clientScriptTag(options.clientScript, urls) : undefined
      return new Response(body.pipeThrough(htmlRewriteStream({ urls, inject })), init)
    }
    const length = Number(headers.get('content-length') ?? Number.NaN)
    if (length > maxBuffered) return new Response(response.body, init)
    const text = toBinaryString(new Uint8Array(await response.arrayBuffer()))
    const out = kind === 'css' ? rewriteCss(text, urls) : rewriteScriptLocation(rewriteModuleImports(text, urls))
    headers.delete('content-length')
    return new Response(fromBinaryString(out) as Uint8Array<ArrayBuffer>, init)
  }
}

/** The stream with `first` (already read from `rest`) put back in front. */
function prepend (first: Uint8Array, rest: ReadableStreamDefaultReader<Uint8Array>): ReadableStream<Uint8Array> {
  let sent = first.byteLength === 0
  return new ReadableStream<Uint8Array>({
    async pull (controller) {
      if (!sent) { sent = true; controller.enqueue(first); return }
      const r = await rest.read()
      if (r.done) controller.close()
      else controller.enqueue(r.value)
    },
    async cancel (reason) { await rest.cancel(reason) }
  })
}
