/** The kinds of URL the page list tells apart, as ReplayWeb.page's resources tab does. */
export const PAGE_KINDS = ['page', 'image', 'script', 'stylesheet', 'font', 'media', 'other'] as const
export type PageKind = typeof PAGE_KINDS[number]

export const isPageKind = (s: string): s is PageKind => (PAGE_KINDS as readonly string[]).includes(s)

/** What a URL's kind is told from: its newest capture (docs/url-map.md, UrlEntry). */
export interface KindFacts {
  url: string
  /** a crawl's pages list named it (a WACZ's pages.jsonl) */
  page?: true
  mime?: string
  status?: number
}

/** `from`: `capture` when the entry's media type said it, `url` when it was guessed from the URL (no or a generic type). */
export interface Kind { kind: PageKind, from: 'capture' | 'url' }

const HTML = new Set(['text/html', 'application/xhtml+xml'])
const SCRIPTS = new Set(['application/javascript', 'application/x-javascript', 'application/ecmascript', 'text/javascript', 'text/ecmascript', 'application/json', 'application/wasm'])
const FONTS = new Set(['application/font-woff', 'application/x-font-woff', 'application/x-font-ttf', 'application/x-font-otf', 'application/font-sfnt', 'application/vnd.ms-fontobject', 'application/x-font-opentype', 'application/x-font-truetype'])
/** Types servers send when they do not know: the URL says more (fonts served as octet-stream). */
const GENERIC = new Set(['application/octet-stream', 'binary/octet-stream', 'application/x-unknown', 'application/unknown', 'unknown/unknown', 'unk', 'text/plain', 'application/binary'])

const EXTENSIONS: Record<string, PageKind> = {
  html: 'page', htm: 'page', xhtml: 'page', shtml: 'page', php: 'page', asp: 'page', aspx: 'page', jsp: 'page', cfm: 'page', cgi: 'page', pl: 'page',
  png: 'image', jpg: 'image', jpeg: 'image', gif: 'image', svg: 'image', webp: 'image', ico: 'image', avif: 'image', bmp: 'image', tif: 'image', tiff: 'image',
  js: 'script', mjs: 'script', json: 'script', wasm: 'script',
  css: 'stylesheet',
  woff: 'font', woff2: 'font', ttf: 'font', otf: 'font', eot: 'font',
  mp4: 'media', webm: 'media', ogg: 'media', ogv: 'media', oga: 'media', mp3: 'media', wav: 'media', m4a: 'media', m4v: 'media', mov: 'media', flac: 'media', aac: 'media', opus: 'media', m3u8: 'media', mpd: 'media'
}

/** The kind a media type names, or undefined for a generic or unknown one. */
function kindOfMime (mime: string): PageKind | undefined {
  if (HTML.has(mime)) return 'page'
  if (mime === 'text/css') return 'stylesheet'
  if (SCRIPTS.has(mime)) return 'script'
  if (mime.startsWith('font/') || FONTS.has(mime)) return 'font'
  if (mime.startsWith('image/')) return 'image'
  if (mime.startsWith('video/') || mime.startsWith('audio/') || mime === 'application/vnd.apple.mpegurl' || mime === 'application/dash+xml') return 'media'
  return GENERIC.has(mime) ? undefined : 'other'
}

/**
 * The kind the URL's path suggests: by extension, and a path with none (`/`, `/about`) as a page, since
 * that is what a site's documents mostly look like. Used only when the capture's type says nothing.
 */
export function kindOfUrl (url: string): PageKind {
  const path = URL.parse(url)?.pathname ?? url.replace(/[?#].*$/, '')
  const name = path.slice(path.lastIndexOf('/') + 1)
  const dot = name.lastIndexOf('.')
  if (dot <= 0) return 'page'
  return EXTENSIONS[name.slice(dot + 1).toLowerCase()] ?? 'other'
}

/**
 * What a URL is, from its newest capture: a page is an HTML document answered 200 (or a page a crawl
 * listed, whatever its type); an HTML capture that answered anything else (a redirect, an error) is
 * `other`. Entries without a type (written before entries kept one, whole-file rows, resource records
 * of unknown type) and generic types are classified from the URL; a URL guessed to be a page but
 * answered with another status is still `other`.
 */
export function pageKind (facts: KindFacts): Kind {
  if (facts.page === true) return { kind: 'page', from: 'capture' }
  const named = facts.mime == null ? undefined : kindOfMime(facts.mime)
  const kind = named ?? kindOfUrl(facts.url)
  const from = named != null ? 'capture' : 'url'
  // a status is known only from a capture with an HTTP head; a resource record (none) counts as answered
  if (kind === 'page' && facts.status != null && facts.status !== 200) return { kind: 'other', from }
  return { kind, from }
}
