import { IparoError, MethodNotAllowedError, NotFoundError } from '../../core/errors.ts'
import { requireMethod } from '../../core/routing/require-method.ts'
import type { RouteHandler } from '../../core/routing/route-handler.ts'
import type { PinRecord, PinStore } from '../pins/pin-store.ts'
import { requireBearer } from '../tokens/bearer-auth.ts'
import type { TokenStore } from '../tokens/token-store.ts'
import { parsePinQuery, selectPins } from './pin-query.ts'
import { readPinRequest } from './pin-request.ts'

export const PINNING_PREFIX = '/pinning'

export interface PinningHandlerOptions {
  pins: PinStore
  tokens: TokenStore
  /** multiaddrs (ending in /p2p/<peer>) clients should connect to: the spec wants at least one */
  delegates: () => string[]
  /** told after every change, so the worker picks up new pins and drops removed ones at once */
  onChange?: () => void
  log?: (line: string) => void
}

/** The spec's `PinStatus` object for a stored pin. */
export function pinStatusJson (pin: PinRecord, delegates: string[]): Record<string, unknown> {
  return {
    requestid: pin.requestid,
    status: pin.status,
    created: pin.created,
    pin: { cid: pin.cid, ...(pin.name != null ? { name: pin.name } : {}), origins: pin.origins, meta: pin.meta },
    delegates,
    info: pin.info ?? {}
  }
}

/**
 * The IPFS Pinning Service API v1.0.0 (https://ipfs.github.io/pinning-services-api-spec/) under
 * `/pinning`: `GET|POST /pinning/pins`, `GET|POST|DELETE /pinning/pins/{requestid}`, behind the node's
 * bearer tokens. It only records requests; the pin worker fetches. Every answer, errors included, is
 * the spec's JSON: errors become `{ error: { reason, details } }` in `failure`, the one place here,
 * never the node's plain-text error page.
 */
export class PinningHandler implements RouteHandler {
  readonly name = 'pinning'

  constructor (private readonly options: PinningHandlerOptions) {}

  canHandle (_request: Request, url: URL): boolean {
    return url.pathname === PINNING_PREFIX || url.pathname.startsWith(`${PINNING_PREFIX}/`)
  }

  async handle (request: Request, url: URL): Promise<Response> {
    try {
      return await this.route(request, url)
    } catch (err) {
      return this.failure(err)
    }
  }

  private async route (request: Request, url: URL): Promise<Response> {
    const path = url.pathname.slice(PINNING_PREFIX.length).replace(/\/+$/, '')
    const m = /^\/pins(?:\/([^/]+))?$/.exec(path)
    if (m == null) throw new NotFoundError(`no such pinning resource: ${url.pathname}`)
    const requestid = m[1] == null ? undefined : decodeSegment(m[1])
    requireMethod(request, requestid == null ? ['GET', 'HEAD', 'POST'] : ['GET', 'HEAD', 'POST', 'DELETE'])
    // authenticated before anything is read or said about pins
    await requireBearer(request, this.options.tokens)
    if (requestid == null) return request.method === 'POST' ? this.add(request) : this.list(url)
    if (request.method === 'POST') return this.replace(request, requestid)
    if (request.method === 'DELETE') return this.remove(requestid)
    return this.status(requestid)
  }

  private async list (url: URL): Promise<Response> {
    const query = parsePinQuery(url.searchParams)
    const { count, results } = selectPins(await this.options.pins.list(), query)
    const delegates = this.options.delegates()
    return json(200, { count, results: results.map(pin => pinStatusJson(pin, delegates)) })
  }

  private async add (request: Request): Promise<Response> {
    const wanted = await readPinRequest(request)
    const pin = await this.options.pins.add({ ...wanted, source: 'pinning-api' })
    this.options.onChange?.()
    return json(202, pinStatusJson(pin, this.options.delegates()))
  }

  private async status (requestid: string): Promise<Response> {
    return json(200, pinStatusJson(await this.require(requestid), this.options.delegates()))
  }

  /** Replace = add the new pin, then remove the old: never a moment when neither keeps the blocks from gc. */
  private async replace (request: Request, requestid: string): Promise<Response> {
    await this.require(requestid)
    const wanted = await readPinRequest(request)
    const pin = await this.options.pins.add({ ...wanted, source: 'pinning-api' })
    await this.options.pins.remove(requestid)
    this.options.onChange?.()
    return json(202, pinStatusJson(pin, this.options.delegates()))
  }

  private async remove (requestid: string): Promise<Response> {
    if (!await this.options.pins.remove(requestid)) throw new NotFoundError(`no pin with requestid ${requestid}`)
    this.options.onChange?.()
    return new Response(null, { status: 202 })
  }

  private async require (requestid: string): Promise<PinRecord> {
    const pin = await this.options.pins.get(requestid)
    if (pin == null) throw new NotFoundError(`no pin with requestid ${requestid}`)
    return pin
  }

  /** The one place errors become answers: the spec's Failure object, with a status from this table. */
  private failure (err: unknown): Response {
    const name = err instanceof Error ? err.name : ''
    const known = FAILURES[name]
    if (known == null) {
      this.options.log?.(`pinning: 500 ${name}: ${err instanceof Error ? err.message : String(err)}`)
      return json(500, { error: { reason: 'INTERNAL_SERVER_ERROR', details: 'the request could not be answered (the node\'s log says why)' } })
    }
    const details = err instanceof IparoError ? err.message : known.reason
    const headers: Record<string, string> = {}
    if (known.status === 401) headers['WWW-Authenticate'] = 'Bearer realm="iparo pinning service"'
    if (err instanceof MethodNotAllowedError) headers.Allow = err.allowed.join(', ')
    return json(known.status, { error: { reason: known.reason, details } }, headers)
  }
}

/** The spec answers both a missing and an unknown token with 401 (its `Unauthorized` response). */
const FAILURES: Record<string, { status: number, reason: string }> = {
  InvalidInputError: { status: 400, reason: 'BAD_REQUEST' },
  MissingTokenError: { status: 401, reason: 'UNAUTHORIZED' },
  InvalidTokenError: { status: 401, reason: 'UNAUTHORIZED' },
  NotFoundError: { status: 404, reason: 'NOT_FOUND' },
  MethodNotAllowedError: { status: 405, reason: 'METHOD_NOT_ALLOWED' },
  PayloadTooLargeError: { status: 413, reason: 'PAYLOAD_TOO_LARGE' },
  LockTimeoutError: { status: 503, reason: 'BUSY' }
}

function decodeSegment (segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch (err) {
    throw new NotFoundError(`no pin with requestid ${segment}`, { cause: err })
  }
}

function json (status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } })
}
