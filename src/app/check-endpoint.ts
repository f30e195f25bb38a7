export type EndpointKind = 'gateway' | 'router'

export interface EndpointCheck { ok: boolean, text: string }

/** http(s) URLs only, without a trailing slash: what the worker accepts as gateways and routers. */
export function cleanEndpoint (text: string): string | undefined {
  const url = URL.parse(text.trim())
  if (url == null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') return undefined
  return url.href.replace(/\/+$/, '')
}

/** The empty raw block, inlined in its CID: every trustless gateway can answer it without holding anything. */
const PROBE_CID = 'bafkqaaa'
const TIMEOUT_MS = 10_000

/** The request a reachability test makes: a real path each kind of endpoint serves. */
export function probeUrl (kind: EndpointKind, base: string): string {
  const root = base.replace(/\/+$/, '')
  return kind === 'gateway' ? `${root}/ipfs/${PROBE_CID}?format=raw` : `${root}/routing/v1/providers/${PROBE_CID}`
}

/**
 * What an HTTP answer to the probe means. A router without providers says 404 (the delegated routing
 * spec), so any answer but a server error shows it reachable. A gateway must serve the probe, an
 * inlined block every trustless gateway holds: a 404 (or any error) means something answers at that
 * address, but not a gateway the worker can fetch blocks from.
 */
export function probeOutcome (kind: EndpointKind, status: number, ms: number): EndpointCheck {
  const took = `HTTP ${status} in ${ms} ms`
  if (status >= 200 && status < 300) return { ok: true, text: `Reachable: ${took}` }
  if (kind === 'router' && status === 404) return { ok: true, text: `Reachable: ${took} (no providers for the probe, as expected)` }
  if (kind === 'gateway' && status < 500) return { ok: false, text: `Answers, but not as an IPFS gateway: ${took} for a block every gateway can serve. Check the URL (its origin, without /ipfs/).` }
  return { ok: false, text: `Answers with an error: ${took}` }
}

/** Asks the endpoint over HTTP, as the worker will; no answer, a refused CORS or a timeout means it is not reachable. */
export async function checkEndpoint (kind: EndpointKind, base: string, fetcher: typeof fetch = fetch): Promise<EndpointCheck> {
  const started = performance.now()
  try {
    const response = await fetcher(probeUrl(kind, base), {
      headers: { Accept: kind === 'gateway' ? 'application/vnd.ipld.raw' : 'application/json' },
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS)
    })
    await response.body?.cancel()
    return probeOutcome(kind, response.status, Math.round(performance.now() - started))
  } catch (err) {
    const name = err instanceof Error ? err.name : ''
    return { ok: false, text: name === 'TimeoutError' ? `No answer within ${TIMEOUT_MS / 1000} s` : 'Not reachable (network error, or it does not allow this app\'s origin)' }
  }
}
