import type { ArchiveReader } from '../archive/archive-reader.ts'
import type { BlockGetter } from '../blocks.ts'
import type { MementoRef } from '../chain/index.ts'
import { distanceNanos, parseDigits, parseRfc1123, toDigits, toRfc1123, type Datetime } from '../datetime.ts'
import { BlockNotFoundError, MethodNotAllowedError, NotFoundError, UnsupportedFormatError } from '../errors.ts'
import type { DecodedIparo } from '../iparo/iparo-root.ts'
import type { RouteHandler } from '../routing/route-handler.ts'
import { canonicalBody } from '../request-key.ts'
import { surt } from '../surt.ts'
import type { UrlEntry } from '../url-map/url-map.ts'
import { ArchiveReaders, type ArchiveLocator } from './archive-readers.ts'
import { readArchivedExchange, type ArchivedExchange } from './archived-exchange.ts'
import { findEntry } from './fuzzy-match.ts'
import { linkHeader, mementoEntries, mementoEntry, navigationEntries, type MementoRel } from './memento-links.ts'
import { MementoUrls } from './memento-urls.ts'
import { mementoBody } from './memento-body.ts'
import { toReadableStream } from './replay-body.ts'
import { appendSafely, replayHeaders } from './replay-headers.ts'
import { parseReplayPath, TIMEMAP_FORMATS, type Modifier, type ReplayRoute, type TimeMapFormat } from './replay-path.ts'
import { findRequestEntry, readRequestBody } from './request-match.ts'
import type { ResponseRewriter } from '../rewrite/rewrite-response.ts'
import { TIMEMAP_MEDIA_TYPES, timeMapDocument, type TimeMapItem } from './timemap-documents.ts'

export interface ReplayHandlerOptions {
  blocks: BlockGetter
  locator: ArchiveLocator
  /** where the routes are mounted, with slashes at both ends ('/' by default) */
  prefix?: string
  /** undo Content-Encoding for the plain modifier (the service worker must; HTTP clients need not) */
  decodeContent?: boolean
  /** opened archives, shared with other handlers of the same blocks (the archive API) */
  readers?: ArchiveReaders
  /** rewrites mementos (never `id_`) so their URLs stay in the archive: the service worker's choice (rewrite/) */
  rewrite?: ResponseRewriter
}

// Statuses a Response can carry; the archive may hold others (a 1xx, a 999).
const REPLAYABLE = (status: number): boolean => status >= 200 && status <= 599
const REDIRECT = new Set([301, 302, 303, 307, 308])
// What rewritten pages name their images, scripts, styles and media with (docs/rewriting.md).
const EMBED_MODIFIERS: ReadonlySet<Modifier> = new Set(['im_', 'js_', 'cs_', 'oe_'])
// How far to look on each side of a self-redirect for a capture that is not one.
const SELF_REDIRECT_SEARCH = 4
// Methods a replayed page may send to a URI-M: they are matched to captures made with that method.
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Memento over HTTP from an archive in IPFS: URI-Ms, the TimeGate and TimeMaps (RFC 7089). Web-standard
 * Request → Response, so the local node and the service worker answer the same. Errors are thrown for
 * the edge to turn into statuses (routing/error-status.ts), except where Memento prescribes a body.
 */
export class ReplayHandler implements RouteHandler {
  readonly name = 'replay'
  private readonly readers: ArchiveReaders
  private readonly prefix: string

  constructor (private readonly options: ReplayHandlerOptions) {
    this.readers = options.readers ?? new ArchiveReaders(options.blocks)
    this.prefix = options.prefix ?? '/'
  }

  canHandle (_request: Request, url: URL): boolean {
    return parseReplayPath(url, this.prefix) != null
  }

  async handle (request: Request, url: URL): Promise<Response> {
    const route = parseReplayPath(url, this.prefix)
    if (route == null) throw new NotFoundError(`${url.pathname} is not a replay path`)
    const withBody = BODY_METHODS.has(request.method) && route.kind === 'memento'
    if (request.method !== 'GET' && request.method !== 'HEAD' && !withBody) {
      throw new MethodNotAllowedError(request.method, route.kind === 'memento' ? ['GET', 'HEAD', ...BODY_METHODS] : ['GET', 'HEAD'])
    }
    // The format is checked before anything is fetched: a bad request stays a 400 even offline.
    if (route.kind === 'timemap' && !TIMEMAP_FORMATS.includes(route.format)) {
      throw new UnsupportedFormatError(`unknown TimeMap format ${JSON.stringify(route.format)} (link, json or cdxj)`)
    }
    const at = route.kind === 'memento' ? parseDigits(route.digits) : undefined
    const acceptDatetime = route.kind === 'timegate' ? request.headers.get('accept-datetime') : null
    const wanted = acceptDatetime != null ? parseRfc1123(acceptDatetime) : at
    const urls = new MementoUrls(url.origin, this.prefix, route.archive)
    const reader = await this.readers.open(await this.options.locator.locate(route.archive, request.signal))
    // TimeMaps list what was archived under this very URL; everything else may be served a near match.
    const found = route.kind === 'timemap'
      ? await reader.lookup(route.url).then(entry => entry == null ? undefined : { entry, exact: true })
      : withBody
        ? await findRequestEntry(reader.urls, route.url, request.method, await canonicalBody(request.headers.get('content-type'), await readRequestBody(request)), request.signal)
        : await findEntry(reader.urls, route.url, request.signal)
    const response = await this.answer(route, { reader, entry: found?.entry, exact: found?.exact ?? true, urls, at: wanted, request })
    return request.method === 'HEAD' ? new Response(null, { status: response.status, headers: response.headers }) : response
  }

  private async answer (route: ReplayRoute, c: Context): Promise<Response> {
    if (route.kind === 'timemap') return this.timemap(route.format as TimeMapFormat, route.url, c)
    if (c.entry == null) throw new NotFoundError(`${route.url} is not in this archive`)
    const entry = c.entry
    switch (route.kind) {
      case 'latest':
        return redirect(c.urls.memento((await this.pick(c.reader, entry)).datetime, route.url))
      case 'timegate':
        return this.timegate(route.url, entry, c)
      case 'memento': {
        const m = await this.pick(c.reader, entry, c.at)
        // A redirect would turn a POST into a GET, and costs an embedded resource a round trip that
        // nobody sees: those get the closest capture here, marked with Content-Location. A page (and a
        // Memento client's URI-M) is redirected, so that its address names the capture it shows.
        const servedHere = (c.request.method !== 'GET' && c.request.method !== 'HEAD') || EMBED_MODIFIERS.has(route.modifier)
        if (toDigits(m.datetime) !== route.digits && !servedHere) return redirect(c.urls.memento(m.datetime, route.url, route.modifier))
        return this.memento(route.url, route.modifier, entry, m, c)
      }
    }
  }

  /** The closest reachable memento (the latest without a datetime). */
  private async pick (reader: ArchiveReader, entry: UrlEntry, at?: Datetime): Promise<MementoRef> {
    const found = await reader.resolve(entry, at)
    if (found.memento == null) throw new BlockNotFoundError(found.unreachable[0] ?? entry.head.toString())
    return found.memento
  }

  private async timegate (url: string, entry: UrlEntry, c: Context): Promise<Response> {
    const m = await this.pick(c.reader, entry, c.at)
    const headers = new Headers({ Location: c.urls.memento(m.datetime, url), Vary: 'accept-datetime' })
    headers.set('Link', linkHeader([
      ...navigationEntries(c.urls, entry.url, url).filter(e => !e.rels.includes('timegate')),
      mementoEntry(c.urls.memento(m.datetime, url), m.datetime)
    ]))
    return new Response(null, { status: 302, headers })
  }

  private async timemap (format: TimeMapFormat, url: string, c: Context): Promise<Response> {
    const headers = new Headers({ 'Content-Type': TIMEMAP_MEDIA_TYPES[format] })
    if (c.entry == null) {
      const body = timeMapDocument(format, { urls: c.urls, url, original: url, mementos: [] })
      return new Response(body, { status: 404, headers })
    }
    const listing = await c.reader.timemap(c.entry)
    const refs: MementoRef[] = listing.mementos.map((m, seq) => ({ ...m, seq }))
    const mementos: TimeMapItem[] = format === 'cdxj' ? await this.withStatus(c.reader, refs) : refs
    // A chain with unreachable parts still lists what it can; the header says the list may be short.
    if (!listing.complete) headers.set('X-Iparo-Timemap-Complete', 'false')
    return new Response(timeMapDocument(format, { urls: c.urls, url, original: c.entry.url, mementos }), { status: 200, headers })
  }

  private async withStatus (reader: ArchiveReader, refs: MementoRef[]): Promise<TimeMapItem[]> {
    const out: TimeMapItem[] = []
    for (const ref of refs) {
      const h = await reader.source.iparo(ref.cid).then(i => i.header, () => undefined)
      out.push({ ...ref, ...(h?.status != null ? { status: h.status } : {}), ...(h?.mime != null ? { mime: h.mime } : {}) })
    }
    return out
  }

  private async memento (url: string, modifier: Modifier, entry: UrlEntry, m: MementoRef, c: Context): Promise<Response> {
    const iparo = await c.reader.source.iparo(m.cid)
    const exchange = await readArchivedExchange(this.options.blocks, iparo)
    if (!REPLAYABLE(exchange.status)) throw new NotFoundError(`the capture of ${iparo.header.uri} at ${m.datetime} has status ${exchange.status}, which cannot be replayed`)
    const headers = replayHeaders(exchange.headers)
    headers.set('Memento-Datetime', toRfc1123(m.datetime))
    const near = await this.neighbours(c.reader, entry, m)
    headers.set('Link', linkHeader([...navigationEntries(c.urls, iparo.header.uri, url), ...mementoEntries(c.urls, url, near), {
      uri: `ipfs://${m.cid}`, rels: ['alternate'], attributes: [['type', 'application/warc']]
    }]))
    await this.setLocation(headers, exchange, iparo, url, modifier, entry, m, near, c)
    // Not what was asked for (a fuzzy or body-less match, another datetime for a POST): say what was served.
    if (!c.exact || toDigits(m.datetime) !== toDigits(c.at ?? m.datetime)) headers.set('Content-Location', c.urls.memento(m.datetime, iparo.header.uri, modifier))
    const body = await mementoBody(this.options.blocks, exchange, {
      decode: modifier !== 'id_' && this.options.decodeContent === true,
      // ranges are for reads: a POST's answer is sent whole
      range: c.request.method === 'GET' || c.request.method === 'HEAD' ? c.request.headers.get('range') : null,
      requested: url,
      captured: iparo.header.uri,
      signal: c.request.signal
    })
    for (const [name, value] of body.fields) appendSafely(headers, name, value)
    const init = { status: body.status, statusText: body.status === exchange.status ? safeReason(exchange.reason) : '', headers }
    const response = body.body == null
      ? new Response(null, init)
      : new Response(body.body instanceof Uint8Array ? body.body as Uint8Array<ArrayBuffer> : toReadableStream(body.body), init)
    // a part of a body cannot be rewritten (its URLs may be cut), and id_ is the payload untouched
    if (this.options.rewrite == null || modifier === 'id_' || response.status === 206 || response.status === 416) return response
    return this.options.rewrite(response, { archive: c.urls.archive, digits: toDigits(m.datetime), modifier, url, prefix: this.prefix })
  }

  private async neighbours (reader: ArchiveReader, entry: UrlEntry, m: MementoRef): Promise<Partial<Record<MementoRel, MementoRef>>> {
    const [first, last, prev, next] = await Promise.all([
      reader.first(entry), reader.resolve(entry), reader.prev(entry, m), reader.next(entry, m)
    ])
    return { first: first.memento, last: last.memento, prev: prev.memento, next: next.memento, self: m }
  }

  /**
   * An archived redirect stays in the archive: its Location, absolute or relative, becomes the URI-M of
   * the target at this memento's datetime. A redirect to the same URL under another scheme or `www.`
   * (same SURT) would send the browser back here forever, so it points at the nearest capture of this URL
   * that is not such a redirect, when there is one.
   */
  private async setLocation (
    headers: Headers, exchange: ArchivedExchange, iparo: DecodedIparo, url: string, modifier: Modifier,
    entry: UrlEntry, m: MementoRef, near: Partial<Record<MementoRel, MementoRef>>, c: Context
  ): Promise<void> {
    // not a URL: it stays only as X-Archive-Orig-Location
    const target = locationOf(exchange, iparo.header.uri)
    if (target == null) return
    if (isSelfRedirect(exchange, target, iparo.header.uri)) {
      const other = await this.nonSelfRedirect(c.reader, entry, m, near)
      if (other != null) { appendSafely(headers, 'Location', c.urls.memento(other.datetime, url, modifier)); return }
    }
    appendSafely(headers, 'Location', c.urls.memento(m.datetime, target, modifier))
  }

  /** The nearest capture on either side of `m` (up to SELF_REDIRECT_SEARCH steps out) that is not a self-redirect. */
  private async nonSelfRedirect (reader: ArchiveReader, entry: UrlEntry, m: MementoRef, near: Partial<Record<MementoRel, MementoRef>>): Promise<MementoRef | undefined> {
    let before = near.prev
    let after = near.next
    for (let i = 0; i < SELF_REDIRECT_SEARCH && (before != null || after != null); i++) {
      // nearer in time first
      const candidates = [before, after].filter((x): x is MementoRef => x != null)
        .sort((a, b) => Number(distanceNanos(a.datetime, m.datetime) - distanceNanos(b.datetime, m.datetime)))
      for (const candidate of candidates) {
        if (!(await this.redirectsToItself(reader, candidate))) return candidate
      }
      before = before != null ? (await reader.prev(entry, before)).memento : undefined
      after = after != null ? (await reader.next(entry, after)).memento : undefined
    }
    return undefined
  }

  private async redirectsToItself (reader: ArchiveReader, m: MementoRef): Promise<boolean> {
    try {
      const iparo = await reader.source.iparo(m.cid)
      const exchange = await readArchivedExchange(this.options.blocks, iparo)
      const target = locationOf(exchange, iparo.header.uri)
      // a Location that is not a URL makes no better answer either
      if (target == null) return exchange.headers.has('location')
      return isSelfRedirect(exchange, target, iparo.header.uri)
    } catch {
      return true // unreadable: not a better answer
    }
  }
}

/** The archived Location resolved against the captured URL; undefined when there is none or it is not a URL. */
function locationOf (exchange: ArchivedExchange, uri: string): string | undefined {
  const location = exchange.headers.get('location')
  if (location == null) return undefined
  try {
    return new URL(location.trim(), uri).href
  } catch {
    return undefined
  }
}

/** A redirect to the same URL under another scheme or `www.` (same SURT): followed in the archive, it would loop. */
const isSelfRedirect = (exchange: ArchivedExchange, target: string, uri: string): boolean =>
  REDIRECT.has(exchange.status) && surt(target) === surt(uri)

interface Context {
  reader: ArchiveReader
  entry: UrlEntry | undefined
  /** false when the entry is a near match for the request (docs/url-map.md, fuzzy matching) */
  exact: boolean
  request: Request
  urls: MementoUrls
  at: Datetime | undefined
}

function redirect (location: string): Response {
  return new Response(null, { status: 302, headers: { Location: location } })
}


/** A reason phrase the Fetch API accepts (it refuses control characters). */
const safeReason = (reason: string): string => /^[\t\x20-\x7e\x80-\xff]*$/.test(reason) ? reason : ''
