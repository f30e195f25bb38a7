import { notesQuery, notesReply } from '../annotations/annotations-api.ts'
import type { ArchiveReader } from '../archive/archive-reader.ts'
import type { BlockGetter } from '../blocks.ts'
import { toDigits14 } from '../datetime.ts'
import { InvalidInputError, NotFoundError } from '../errors.ts'
import type { RouteHandler } from '../routing/route-handler.ts'
import { surtPrefix } from '../surt.ts'
import { ArchiveReaders, type ArchiveLocator } from './archive-readers.ts'
import { headerSafeUri } from './header-safe-uri.ts'
import { mergedPages, type KeyRange, type MergedPages, type PageEntry } from './merged-pages.ts'
import { isPageKind, pageKind, PAGE_KINDS, type PageKind } from './page-kind.ts'
import { requireMethod } from '../routing/require-method.ts'

export const API_PREFIX = '/api/v1/archive/'
export const DEFAULT_PAGE_LIMIT = 100
export const MAX_PAGE_LIMIT = 1000
/** Entries one text search or type filter request reads at most; the reply's `next` lets the client go on. */
export const SEARCH_BUDGET = 5000

export interface ArchiveSummary {
  archive: string
  root: string
  manifest: { title: string, description: string, created: string, software: string }
  counts: { urls: number, mementos: number }
}

/**
 * One URL. `page`: a crawl's pages list named it. `type`: what it is (page-kind.ts), from its newest
 * capture, or guessed from the URL when the archive's entry holds no type (`typeFrom: 'url'`).
 * `mime`, `status`: the newest capture's, when known; `location`: where a redirect went.
 */
export interface PageRow {
  key: string
  url: string
  title?: string
  first: string
  last: string
  count: number
  page?: true
  type: PageKind
  typeFrom?: 'url'
  mime?: string
  status?: number
  location?: string
}

export interface PagesReply {
  pages: PageRow[]
  /** pass as `after` for the following entries; absent when there are none */
  next?: string
  /** entries in the listed range (the whole archive or the prefix); absent for a text search */
  total?: number
  /** the position of the first page within that range, when asked by `offset` */
  offset?: number
  /** entries a text search or type filter read to find these pages */
  scanned?: number
}

interface PagesQuery { after?: string, offset?: number, limit: number, prefix?: string, q?: string, type?: PageKind }

/**
 * The archive API of the app (docs/replay-origins.md): an archive's manifest and counts, and its page
 * list (the URL map's URLs and those of its whole-file IPAROs, merged: merged-pages.ts) in windows, by position (`offset`, so a virtual list can jump anywhere) or by key (`after`),
 * narrowed by URL prefix or host (`prefix`), by text in URL and title (`q`) or by kind (`type`: page, image,
 * script, stylesheet, font, media, other; page-kind.ts); the last two scan a bounded stretch per request
 * (SEARCH_BUDGET entries) and page by `after`. Isomorphic: the local node
 * and the service worker register the same handler, so the app reads it online or offline alike.
 */
export class ArchiveApiHandler implements RouteHandler {
  readonly name = 'archive-api'
  /** `readers`: share the replay handler's, so that an archive opened for one is open for the other */
  constructor (blocks: BlockGetter, private readonly locator: ArchiveLocator, private readonly readers = new ArchiveReaders(blocks)) {}

  canHandle (_request: Request, url: URL): boolean {
    return url.pathname.startsWith(API_PREFIX)
  }

  async handle (request: Request, url: URL): Promise<Response> {
    requireMethod(request)
    const [name = '', what, ...extra] = url.pathname.slice(API_PREFIX.length).split('/')
    if (name === '' || extra.length > 0 || (what !== undefined && what !== 'pages' && what !== 'annotations' && what !== '')) {
      throw new NotFoundError(`${url.pathname} is not an archive API path (${API_PREFIX}<archive> or ${API_PREFIX}<archive>/pages)`)
    }
    const archive = decodeSegment(name)
    // parameters are checked before anything is located: a bad request stays a 400 offline
    const query = what === 'pages' ? pagesQuery(url.searchParams) : undefined
    const notes = what === 'annotations' ? notesQuery(url.searchParams) : undefined
    const rootCid = await this.locator.locate(archive, request.signal)
    const reader = await this.readers.open(rootCid)
    const body = notes != null ? await notesReply(reader, notes.target, request.signal) : query == null ? await summary(archive, reader) : await pages(reader, query, request.signal)
    const response = Response.json(body, { headers: { 'Cache-Control': 'no-cache' } })
    return request.method === 'HEAD' ? new Response(null, { headers: response.headers }) : response
  }
}

async function summary (archive: string, reader: ArchiveReader): Promise<ArchiveSummary> {
  const { manifest, counts } = reader.root
  // whole-file IPAROs count too: their indexed records as mementos, their URLs the URL map lacks as URLs
  const { files } = await reader.files()
  const records = files.reduce((n, f) => n + f.header.records, 0)
  const urls = files.length === 0 ? counts.urls : counts.urls + (await mergedPages(reader)).extraCount
  return {
    archive,
    root: reader.rootCid.toString(),
    manifest: { title: manifest.title, description: manifest.description, created: manifest.created, software: manifest.software },
    counts: { urls, mementos: counts.mementos + records }
  }
}

function decodeSegment (segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch (err) {
    throw new InvalidInputError(`archive ${JSON.stringify(segment)} is not valid percent-encoding`, { cause: err })
  }
}

function integer (params: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = params.get(name)
  if (raw == null) return undefined
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidInputError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`)
  return n
}

function pagesQuery (params: URLSearchParams): PagesQuery {
  const after = params.get('after') ?? undefined
  const offset = integer(params, 'offset', 0, Number.MAX_SAFE_INTEGER)
  if (after != null && offset != null) throw new InvalidInputError('give either after or offset, not both')
  const q = params.get('q')?.trim().toLowerCase()
  if (q != null && q !== '' && offset != null) throw new InvalidInputError('a text search (q) pages by after, not by offset')
  const type = params.get('type') ?? undefined
  if (type != null && !isPageKind(type)) throw new InvalidInputError(`type must be one of ${PAGE_KINDS.join(', ')}, got ${JSON.stringify(type)}`)
  if (type != null && offset != null) throw new InvalidInputError('a type filter pages by after, not by offset')
  const prefixParam = params.get('prefix')?.trim()
  const query: PagesQuery = { limit: integer(params, 'limit', 1, MAX_PAGE_LIMIT) ?? DEFAULT_PAGE_LIMIT }
  if (after != null) query.after = after
  if (offset != null) query.offset = offset
  if (prefixParam != null && prefixParam !== '') query.prefix = surtPrefix(prefixParam)
  if (q != null && q !== '') query.q = q
  if (type != null) query.type = type
  return query
}

function row (key: string, e: PageEntry, kind = pageKind(e)): PageRow {
  const r: PageRow = { key, url: e.url, first: toDigits14(e.first), last: toDigits14(e.last), count: e.count, type: kind.kind }
  if (e.title !== undefined) r.title = e.title
  if (e.page === true) r.page = true
  if (kind.from === 'url') r.typeFrom = 'url'
  if (e.mime !== undefined) r.mime = e.mime
  if (e.status !== undefined) r.status = e.status
  if (e.location !== undefined) r.location = e.location
  return r
}

/** The smallest key greater than every key that starts with `prefix` (keys sort by code point). */
function prefixEnd (prefix: string): string | undefined {
  const points = [...prefix]
  while (points.length > 0) {
    const last = (points.pop() as string).codePointAt(0) as number
    if (last < 0x10ffff) return points.join('') + String.fromCodePoint(last + 1 === 0xd800 ? 0xe000 : last + 1)
  }
  return undefined
}

async function pages (reader: ArchiveReader, query: PagesQuery, signal: AbortSignal): Promise<PagesReply> {
  const list = await mergedPages(reader)
  if (query.q != null || query.type != null) return search(list, query, signal)
  const { prefix, limit } = query
  const range = prefix == null ? {} : prefixRange(prefix)
  // positions come from the counts in the URL map's branch nodes and the files' keys held sorted in memory
  const start = range.lo == null ? 0 : await list.rank(range.lo)
  const total = await list.count(range)

  const rows: PageRow[] = []
  const entries = query.offset != null
    ? list.at(start + query.offset, Math.min(limit, Math.max(0, total - query.offset)), signal)
    : list.range({ ...range, ...(query.after != null ? { after: query.after } : {}), limit, signal })
  for await (const [key, entry] of entries) rows.push(row(key, entry))
  const reply: PagesReply = { pages: rows, total }
  if (query.offset != null) reply.offset = query.offset
  const last = rows.at(-1)
  const more = query.offset != null ? query.offset + rows.length < total : rows.length === limit
  if (more && last != null) reply.next = last.key
  return reply
}

/** The keys starting with `prefix`: from it up to the smallest key above them all. */
function prefixRange (prefix: string): KeyRange {
  const hi = prefixEnd(prefix)
  return hi == null ? { lo: prefix } : { lo: prefix, hi }
}

/**
 * Text in the URL, as captured or as a browser writes it (a URL with spaces or non-ASCII is searched for in
 * either form: `with spaces`, `with%20spaces`), or in the title. `q` is lowercased.
 */
function matchesText (entry: PageEntry, q: string): boolean {
  const url = entry.url.toLowerCase()
  if (url.includes(q) || (entry.title?.toLowerCase().includes(q) ?? false)) return true
  const sent = headerSafeUri(entry.url).toLowerCase()
  return sent !== url && sent.includes(q)
}

/** The rows matching the text (`q`) and kind (`type`) asked, from SEARCH_BUDGET entries at most. */
async function search (list: MergedPages, query: PagesQuery, signal: AbortSignal): Promise<PagesReply> {
  const rows: PageRow[] = []
  let scanned = 0
  let lastKey: string | undefined
  let exhausted = true
  const { prefix, after, q, type } = query
  for await (const [key, entry] of list.range({ ...(prefix != null ? prefixRange(prefix) : {}), ...(after != null ? { after } : {}), signal })) {
    scanned++
    lastKey = key
    const kind = pageKind(entry)
    if ((q == null || matchesText(entry, q)) && (type == null || kind.kind === type)) rows.push(row(key, entry, kind))
    if (rows.length >= query.limit || scanned >= SEARCH_BUDGET) { exhausted = false; break }
  }
  const reply: PagesReply = { pages: rows, scanned }
  if (!exhausted && lastKey != null) reply.next = lastKey
  return reply
}
