import { Configuration, RemotePinningServiceClient, Status, type PinStatus } from '@ipfs-shipyard/pinning-service-client'
import { IparoError } from '../../core/errors.ts'
import type { PinService } from './pin-services.ts'

/** A remote pinning service refused a request, or could not be reached. Never quotes the token. */
export class PinningServiceError extends IparoError {
  override name = 'PinningServiceError'
  constructor (message: string, readonly status?: number, options?: { cause?: unknown }) {
    super(message, options)
  }
}

export const ALL_STATUSES = [Status.Queued, Status.Pinning, Status.Pinned, Status.Failed]
const PAGE = 1000

/** What a service says, cleaned for a terminal: no control characters, a bounded length. */
function printable (text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim()
  return clean.length > max ? `${clean.slice(0, max)}…` : clean
}

/**
 * The IPFS Pinning Service API seen from this side, over `@ipfs-shipyard/pinning-service-client`:
 * every failure becomes a PinningServiceError naming the service, the status and the spec's
 * `error.reason` / `error.details` when the service sent them.
 */
export class RemotePinning {
  private readonly client: RemotePinningServiceClient

  constructor (readonly service: PinService, fetchApi: typeof fetch = fetch) {
    this.client = new RemotePinningServiceClient(new Configuration({ endpointUrl: service.endpoint, accessToken: service.token, fetchApi }))
  }

  async add (pin: { cid: string, name?: string, origins: string[], meta: Record<string, string> }): Promise<PinStatus> {
    return this.call('pin', async () => this.client.pinsPost({ pin }))
  }

  async get (requestid: string): Promise<PinStatus> {
    return this.call(`read pin ${requestid}`, async () => this.client.pinsRequestidGet({ requestid }))
  }

  async remove (requestid: string): Promise<void> {
    await this.call(`remove pin ${requestid}`, async () => { await this.client.pinsRequestidDelete({ requestid }) })
  }

  /** Every pin matching, in all statuses unless told, newest first: page after page (`before`). */
  async list (filter: { cid?: string[], status?: Status[] } = {}): Promise<PinStatus[]> {
    const out: PinStatus[] = []
    let before: Date | undefined
    for (;;) {
      const page = await this.call('list pins', async () => this.client.pinsGet({ status: filter.status ?? ALL_STATUSES, ...(filter.cid != null ? { cid: filter.cid } : {}), limit: PAGE, ...(before != null ? { before } : {}) }))
      const results = [...page.results]
      out.push(...results)
      if (results.length === 0 || out.length >= page.count) return out
      const oldest = results.reduce((a, b) => (a.created < b.created ? a : b)).created
      // a service whose `before` does not move on would loop for ever: stop instead
      if (before != null && oldest.getTime() >= before.getTime()) return out
      before = oldest
    }
  }

  private async call<T> (what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (err) {
      throw await this.failure(what, err)
    }
  }

  private async failure (what: string, err: unknown): Promise<PinningServiceError> {
    const where = `${this.service.name} (${this.service.endpoint})`
    if (err instanceof Response) {
      let said = ''
      try {
        const body = await err.json() as { error?: { reason?: unknown, details?: unknown } }
        said = [body.error?.reason, body.error?.details].filter(v => typeof v === 'string' && v !== '').join(': ')
      } catch {
        // not the spec's Failure object: the status says enough
      }
      const hint = err.status === 401 || err.status === 403
        ? ' (the token was refused: give a valid one with --token)'
        : err.status === 404 && what === 'list pins' ? ' (no Pinning Service API there? for an IPARO node the endpoint is http://HOST:PORT/pinning)' : ''
      return new PinningServiceError(`${where} could not ${what}: HTTP ${err.status}${said !== '' ? ` ${printable(said)}` : ''}${hint}`, err.status)
    }
    const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)
    return new PinningServiceError(`${where} could not ${what}: ${printable(reason)}`, undefined, { cause: err })
  }
}
