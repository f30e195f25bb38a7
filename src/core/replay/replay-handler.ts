import type { ArchiveReader } from '../archive/archive-reader.ts'
import { timemapAnnotations } from '../annotations/annotations-api.ts'
import type { BlockGetter } from '../blocks.ts'
import type { MementoRef } from '../chain/index.ts'
import { parseDigits, parseRfc1123, toDigits, toRfc1123, type Datetime } from '../datetime.ts'
import { InvalidDatetimeError, MethodNotAllowedError, NotFoundError, UnsupportedFormatError } from '../errors.ts'
import type { RouteHandler } from '../routing/route-handler.ts'
import { canonicalBody } from '../request-key.ts'
import { ArchiveReaders, type ArchiveLocator } from './archive-readers.ts'
import { findEntry, type FoundEntry } from './fuzzy-match.ts'
import { MapVersions } from './map-versions.ts'
import { MergedVersions } from './merged-versions.ts'
import { linkHeader, mementoEntries, mementoEntry, navigationEntries, type MementoRel } from './memento-links.ts'
import { MementoUrls } from './memento-urls.ts'
import { MementoPlans, type MementoPlan, type PlannedMemento } from './memento-plans.ts'
import { mementoBody, type MementoBody } from './memento-body.ts'
import { collectBytes } from '../bytes.ts'
import { toReadableStream } from './replay-body.ts'
import { appendSafely, replayHeaders } from './replay-headers.ts'
import { parseReplayPath, TIMEMAP_FORMATS, type Modifier, type ReplayRoute, type TimeMapFormat } from './replay-path.ts'
import { findRequestEntry, readRequestBody } from './request-match.ts'
import type { ResponseRewriter } from '../rewrite/rewrite-response.ts'
import { TIMEMAP_MEDIA_TYPES, timeMapDocument, type TimeMapItem } from './timemap-documents.ts'
import type { UrlVersions } from './url-versions.ts'
import { LOCAL_ARCHIVE } from '../namespace/namespace-scan.ts'

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
  /**
   * The captures of a URL under the archive part `_local` (LOCAL_ARCHIVE): the local node's scan of its
   * own store by CID namespace (docs/namespacing.md); undefined when none is found. Without it, `_local`
   * is no archive name (a 400).
   */
  localVersions?: (url: string, signal?: AbortSignal) => Promise<UrlVersions | undefined>
}

// Statuses a Response can carry; the archive may hold others (a 1xx, a 999).
const REPLAYABLE = (status: number): boolean => status >= 200 && status <= 599
// What rewritten pages name their images, scripts, styles and media with (docs/rewriting.md).
const EMBED_MODIFIERS: ReadonlySet<Modifier> = new Set(['im_', 'js_', 'cs_', 'oe_'])
// Stored payloads up to this size are sent as one chunk (responseBody).
const SMALL_BODY = 256 * 1024
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
  private readonly plans: MementoPlans

  constructor (private readonly options: ReplayHandlerOptions) {
    this.readers = options.readers ?? new ArchiveReaders(options.blocks)
    this.prefix = options.prefix ?? '/'
    this.plans = new MementoPlans()
  }

  canHandle (_request: Request, url: URL): boolean {
    return parseReplayPath(url, this.prefix) != null
  }

  async handle (request: Request, url: URL): Promise<Response> {
    const route = parseReplayPath(url, this.prefix)
    if (route == null) throw new NotFoundError(`${url.pathname} is not a replay path`)
    if (route.kind === 'bad-datetime') {
      throw new InvalidDatetimeError(`not a datetime: ${JSON.stringify(route.digits)} (YYYY, YYYYMM, … YYYYMMDDhhmmss by whole pairs, then sub-second digits)`)
    }
    const withBody = BODY_METHODS.has(request.method) && route.kind === 'memento'
    if (request.method !== 'GET' && request.method !== 'HEAD' && !withBody) {
      throw new MethodNotAllowedError(request.method, route.kind === 'memento' ? ['GET', 'HEAD', ...BODY_METHODS] : ['GET', 'HEAD'])
    }
    // Format and datetimes are checked before anything is fetched: a bad request stays a 400 even offline.
    if (route.kind === 'timemap' && !TIMEMAP_FORMATS.includes(route.format)) {
      throw new UnsupportedFormatError(`unknown TimeMap format ${JSON.stringify(route.format)} (link, json or cdxj)`)
    }
    const at = route.kind === 'memento' ? parseDigits(route.digits) : route.kind === 'timegate' ? acceptDatetime(request) : undefined
    const urls = new MementoUrls(url.origin, this.prefix, route.archive)
    const local = route.archive === LOCAL_ARCHIVE ? this.options.localVersions : undefined
    // no root, so no plan is kept: what the store holds may change at any moment
    if (local != null) return headOnly(request, await this.answer(route, { versions: await local(route.url, request.signal), exact: true, urls, at, request }))
    const root = await this.options.locator.locate(route.archive, request.signal)
    // A read of a URI-M is the same every time for the same root (roots are immutable): its plan is kept.
    const planKey = route.kind === 'memento' && !withBody ? `${root.toString()} ${url.href}` : undefined
    const planned = planKey == null ? undefined : this.plans.get(planKey)
    if (planned != null) return headOnly(request, await this.serve(planned, request))
    const reader = await this.readers.open(root)
    // TimeMaps list what was archived under this very URL; everything else may be served a near match.
    const found = route.kind === 'timemap'
      ? await reader.lookup(route.url).then(entry => entry == null ? undefined : { entry, exact: true })
      : withBody
        ? await findRequestEntry(reader.urls, route.url, request.method, await canonicalBody(request.headers.get('content-type'), await readRequestBody(request)), request.signal, reader.keyScheme)
        : await findEntry(reader.urls, route.url, request.signal, reader.keyScheme)
    const { versions, exact } = await urlVersions(this.options.blocks, reader, route.url, found, withBody)
    const remember = planKey == null ? undefined : (plan: MementoPlan) => { this.plans.set(planKey, plan) }
    return headOnly(request, await this.answer(route, { reader, versions, exact, urls, at, request, remember }))
  }

  private async answer (route: Exclude<ReplayRoute, { kind: 'bad-datetime' }>, c: Context): Promise<Response> {
    if (route.kind === 'timemap') return this.timemap(route.format as TimeMapFormat, route.url, c)
    if (c.versions == null) throw new NotFoundError(`${route.url} is not in this archive`)
    const versions = c.versions
    if (route.kind === 'timegate') return this.timegate(route.url, route.modifier, versions, c)
    const m = await versions.resolve(c.at)
    // A redirect would turn a POST into a GET, and costs an embedded resource a round trip that
    // nobody sees: those get the closest capture here, marked with Content-Location. A page (and a
    // Memento client's URI-M) is redirected, so that its address names the capture it shows.
    const servedHere = (c.request.method !== 'GET' && c.request.method !== 'HEAD') || EMBED_MODIFIERS.has(route.modifier)
    const plan: MementoPlan = toDigits(m.datetime) !== route.digits && !servedHere
      ? { kind: 'redirect', location: c.urls.memento(m.datetime, route.url, route.modifier) }
      : await this.mementoPlan(route.url, route.modifier, versions, m, c)
    c.remember?.(plan)
    return this.serve(plan, c.request)
  }

  /**
   * A redirecting TimeGate (RFC 7089 pattern 2.2, as pywb and ipwb answer `/ARCHIVE/URL`): 302 to the
   * URI-M closest to Accept-Datetime (the latest without), in the modifier asked for, `Vary:
   * accept-datetime`, and a Link naming the original, the TimeGate, the TimeMap and that memento.
   */
  private async timegate (url: string, modifier: Modifier, versions: UrlVersions, c: Context): Promise<Response> {
    const m = await versions.resolve(c.at)
    const location = c.urls.memento(m.datetime, url, modifier)
    // the original as that memento captured it (as in its own Link); the memento request that follows the
    // redirect finds this IPARO in the reader's cache
    const original = await versions.captured(m)
    const headers = new Headers({ Location: location, Vary: 'accept-datetime' })
    headers.set('Link', linkHeader([...navigationEntries(c.urls, original, url), mementoEntry(location, m.datetime)]))
    return new Response(null, { status: 302, headers })
  }

  private async timemap (format: TimeMapFormat, url: string, c: Context): Promise<Response> {
    const headers = new Headers({ 'Content-Type': TIMEMAP_MEDIA_TYPES[format] })
    if (c.versions == null) {
      const body = timeMapDocument(format, { urls: c.urls, url, original: url, mementos: [] })
      return new Response(body, { status: 404, headers })
    }
    const listing = await c.versions.timemap()
    const refs: MementoRef[] = listing.mementos
    const mementos: TimeMapItem[] = format === 'cdxj' ? await this.withStatus(c.versions, refs) : refs
    // A chain with unreachable parts still lists what it can; the header says the list may be short.
    if (!listing.complete) headers.set('X-Iparo-Timemap-Complete', 'false')
    const annotations = format === 'json' && c.reader != null ? await timemapAnnotations(c.reader, refs, c.request.signal) : undefined
    return new Response(timeMapDocument(format, { urls: c.urls, url, original: c.versions.url, mementos, annotations }), { status: 200, headers })
  }

  private async withStatus (versions: UrlVersions, refs: MementoRef[]): Promise<TimeMapItem[]> {
    const out: TimeMapItem[] = []
    for (const ref of refs) out.push({ ...ref, ...(await versions.describe(ref)) })
    return out
  }

  /** Everything a memento's answer takes from the archive but its body: the same for every read of the URI-M. */
  private async mementoPlan (url: string, modifier: Modifier, versions: UrlVersions, m: MementoRef, c: Context): Promise<MementoPlan> {
    const opened = await versions.open(m, c.request.signal)
    const { exchange, uri } = opened
    if (!REPLAYABLE(exchange.status)) throw new NotFoundError(`the capture of ${uri} at ${m.datetime} has status ${exchange.status}, which cannot be replayed`)
    const identity = modifier === 'id_'
    const headers = replayHeaders(exchange.headers, identity)
    headers.set('Memento-Datetime', toRfc1123(m.datetime))
    const near = await neighbours(versions, m)
    // the URI-M of the capture served, as pywb names it on every memento: the captured URL, the modifier asked for
    const served = c.urls.memento(m.datetime, uri, modifier)
    headers.set('Link', linkHeader([...navigationEntries(c.urls, uri, url), ...mementoEntries(c.urls, url, near, { modifier, self: served }), {
      uri: opened.alternate.uri, rels: ['alternate'], attributes: [['type', opened.alternate.type]]
    }]))
    // id_ keeps the archived Location as captured (replay-headers.ts); the other modes keep redirects in the archive
    const target = identity ? undefined : await versions.redirectTarget(opened, url, m, near)
    if (target != null) appendSafely(headers, 'Location', c.urls.memento(target.datetime, target.url, modifier))
    return { kind: 'memento', opened, m, url, modifier, served, headers: [...headers], exact: c.exact, at: c.at, archive: c.urls.archive }
  }

  /** The answer to one request of a planned URI-M: its body read (and verified) now. */
  private async serve (plan: MementoPlan, request: Request): Promise<Response> {
    if (plan.kind === 'redirect') return redirect(plan.location)
    const { opened: { exchange, uri, blocks }, m, url, modifier } = plan
    const identity = modifier === 'id_'
    const body = await mementoBody(blocks, exchange, {
      decode: !identity && this.options.decodeContent === true,
      // ranges are for reads: a POST's answer is sent whole
      range: request.method === 'GET' || request.method === 'HEAD' ? request.headers.get('range') : null,
      requested: url,
      captured: uri,
      signal: request.signal
    })
    // the planned fields go straight into the Response (a Headers built first is copied again)
    const init = { status: body.status, statusText: body.status === exchange.status ? safeReason(exchange.reason) : '', headers: plan.headers }
    const response = new Response(await responseBody(body.body, exchange.payload?.length ?? 0), init)
    for (const [name, value] of body.fields) appendSafely(response.headers, name, value)
    // a part of a body cannot be rewritten (its URLs may be cut), and id_ is the payload untouched
    const rewrite = identity || body.status === 206 || body.status === 416 ? undefined : this.options.rewrite
    if (namesServed(plan, request, rewrite != null && exchange.headers.has('content-location'))) response.headers.set('Content-Location', plan.served)
    if (rewrite == null) return response
    return rewrite(response, { archive: plan.archive, digits: toDigits(m.datetime), modifier, url, prefix: this.prefix })
  }
}

/**
 * A small body is read whole before the answer starts (its blocks verified all the same): one chunk
 * costs less to send than a stream of them, and a bad block is an error status, not a cut response.
 */
async function responseBody (body: MementoBody['body'], stored: number): Promise<Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> | null> {
  if (body == null || body instanceof Uint8Array) return body as Uint8Array<ArrayBuffer> | null
  return stored <= SMALL_BODY ? await collectBytes(body) as Uint8Array<ArrayBuffer> : toReadableStream(body)
}

async function neighbours (versions: UrlVersions, m: MementoRef): Promise<Partial<Record<MementoRel, MementoRef>>> {
  const [first, last, prev, next] = await Promise.all([versions.first(), versions.resolve(), versions.prev(m), versions.next(m)])
  return { first, last, prev, next, self: m }
}

/**
 * The URL's captures: its URL-map entry, and the whole-file IPAROs of the archive (root.files) that
 * hold it (docs/whole-file-iparos.md), merged so that the closest capture wins. A file's index is
 * looked up by exact key: a near match in the URL map gives way to an exact capture in a file.
 * Requests with a body are matched in the URL map alone (file indexes key GETs only).
 */
async function urlVersions (blocks: BlockGetter, reader: ArchiveReader, url: string, found: Pick<FoundEntry, 'entry' | 'exact'> | undefined, withBody: boolean): Promise<{ versions: UrlVersions | undefined, exact: boolean }> {
  const map = found == null ? undefined : new MapVersions(blocks, reader, found.entry)
  const exact = found?.exact ?? true
  if (withBody) return { versions: map, exact }
  const shelf = await reader.files()
  if (shelf.files.length === 0) return { versions: map, exact }
  const files = await shelf.versions(url)
  if (files.length === 0) return { versions: map, exact }
  const sources: UrlVersions[] = map != null && exact ? [map, ...files] : files
  return { versions: sources.length === 1 ? sources[0] : new MergedVersions(sources), exact: true }
}

/**
 * Whether a memento response carries Content-Location naming the capture served. Always when it is not
 * what was asked for (a fuzzy or body-less match, another datetime for a POST). For a read of the exact
 * URI-M too, as pywb sends it on every memento, unless the capture's own archived Content-Location is
 * there for the rewriter to point into the archive (the worker). Not on the exact answer to a POST: the
 * URI-M names the GET capture, and a POST's answer is no representation of it.
 */
function namesServed (plan: Pick<PlannedMemento, 'exact' | 'at' | 'm'>, request: Request, archivedToRewrite: boolean): boolean {
  const { m } = plan
  const exact = plan.exact && toDigits(m.datetime) === toDigits(plan.at ?? m.datetime)
  const read = request.method === 'GET' || request.method === 'HEAD'
  return !exact || (read && !archivedToRewrite)
}

/** Accept-Datetime on a TimeGate: RFC 1123 only (anything else is a 400, as in pywb and ipwb); absent → the latest. */
function acceptDatetime (request: Request): Datetime | undefined {
  const value = request.headers.get('accept-datetime')
  return value == null ? undefined : parseRfc1123(value)
}

interface Context {
  /** the archive's reader (absent for `_local`, which has no archive) */
  reader?: ArchiveReader
  /** the URL's captures (undefined: none), from the URL map, the whole-file IPAROs, or both */
  versions: UrlVersions | undefined
  /** false when the entry is a near match for the request (docs/url-map.md, fuzzy matching) */
  exact: boolean
  request: Request
  urls: MementoUrls
  at: Datetime | undefined
  /** keeps the plan of a memento read (absent for requests with a body, whose answer depends on it) */
  remember?: (plan: MementoPlan) => void
}

/** A HEAD is answered as the GET, without the body. */
function headOnly (request: Request, response: Response): Response {
  return request.method === 'HEAD' ? new Response(null, { status: response.status, headers: response.headers }) : response
}

function redirect (location: string): Response {
  return new Response(null, { status: 302, headers: { Location: location } })
}

/** A reason phrase the Fetch API accepts (it refuses control characters). */
const safeReason = (reason: string): string => /^[\t\x20-\x7e\x80-\xff]*$/.test(reason) ? reason : ''
