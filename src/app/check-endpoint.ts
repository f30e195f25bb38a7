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
 * Asks the endpoint over HTTP, as the worker will: an answer with any status means it is reachable
 * (a router without providers says 404); no answer, a refused CORS or a timeout means it is not.
 */
export async function checkEndpoint (kind: EndpointKind, base: string, fetcher: typeof fetch = fetch): Promise<EndpointCheck> {
  const started = performance.now()
  try {
    const response = await fetcher(probeUrl(kind, base), {
      headers: { Accept: kind === 'gateway' ? 'application/vnd.ipld.raw' : 'application/json' },
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS)
    })
    await response.body?.cancel()
    const ms = Math.round(performance.now() - started)
    const answered = response.ok || response.status === 404
    return { ok: answered, text: `${answered ? 'Reachable' : 'Answers with an error'}: HTTP ${response.status} in ${ms} ms` }
  } catch (err) {
    const name = err instanceof Error ? err.name : ''
    return { ok: false, text: name === 'TimeoutError' ? `No answer within ${TIMEOUT_MS / 1000} s` : 'Not reachable (network error, or it does not allow this app\'s origin)' }
  }
}
