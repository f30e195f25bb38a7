import { canonicalIpnsName } from '../../core/naming/ipns-name.ts'
import { RouterPutError } from './publish-errors.ts'
import { normalizeRouterUrl } from './router-list.ts'

export const IPNS_RECORD_TYPE = 'application/vnd.ipfs.ipns-record'

/** `stored`: the router took it (2xx); `held`: it answered 409, it already holds this or a newer record. */
export type PutOutcome = 'stored' | 'held'

/** The longest router answer quoted in a failure line: enough for an error message, never a page. */
const MAX_REASON = 200

/**
 * Sends a signed record by delegated routing v1, `PUT <router>/routing/v1/ipns/<k51…>` (the name as a
 * libp2p-key CID in base36, as the spec asks). Anything but a 2xx or a 409 is a RouterPutError whose
 * reason a person can act on; the caller's signal bounds the wait (a per-router timeout).
 */
export async function putToRouter (routerUrl: string, ipns: string, record: Uint8Array, signal?: AbortSignal): Promise<PutOutcome> {
  const base = normalizeRouterUrl(routerUrl)
  const url = `${base}/routing/v1/ipns/${canonicalIpnsName(ipns)}`
  let response: Response
  try {
    response = await fetch(url, {
      method: 'PUT',
      body: record as Uint8Array<ArrayBuffer>,
      headers: { 'Content-Type': IPNS_RECORD_TYPE },
      ...(signal != null ? { signal } : {})
    })
  } catch (err) {
    throw new RouterPutError(base, whyFetchFailed(err, signal), { cause: err })
  }
  const text = await response.text().catch(() => '')
  if (response.ok) return 'stored'
  if (response.status === 409) return 'held'
  const said = text.replace(/\s+/g, ' ').trim().slice(0, MAX_REASON)
  throw new RouterPutError(base, `HTTP ${response.status}${said !== '' ? ` ${said}` : ''}`)
}

/** fetch's own message is `fetch failed`: the useful part is in its cause (ECONNREFUSED, ENOTFOUND, …). */
function whyFetchFailed (err: unknown, signal: AbortSignal | undefined): string {
  if (signal?.aborted === true) {
    const reason: unknown = signal.reason
    return reason instanceof Error && reason.name === 'TimeoutError' ? 'no answer in time (timed out)' : 'cancelled'
  }
  const cause = (err as { cause?: { code?: string, message?: string } }).cause
  if (cause?.code === 'ECONNREFUSED') return 'cannot connect (connection refused: nothing listens there)'
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') return `cannot connect (the host name does not resolve: ${cause.code})`
  if (cause?.code != null) return `cannot connect (${cause.code})`
  return `cannot connect (${cause?.message ?? (err as Error).message})`
}
