import type { BrowserContext, Request } from 'playwright-core'

/** Bytes the browser received from one origin, by kind of path: what the node's gateway sent, apart from the app's files. */
export interface OriginBytes {
  /** `/ipfs/…`: blocks and CARs from the node's trustless gateway */
  gateway: number
  /** `/routing/…`: delegated routing and IPNS records */
  routing: number
  /** everything else: replay.html, the worker, its config */
  other: number
  gatewayRequests: number
}

const kindOf = (path: string): 'gateway' | 'routing' | 'other' =>
  path.startsWith('/ipfs/') ? 'gateway' : path.startsWith('/routing/') ? 'routing' : 'other'

/** Header and body bytes of a finished request that reached the network; 0 when the worker answered it. */
async function receivedBytes (request: Request): Promise<number> {
  try {
    const response = await request.response()
    if (response == null || response.fromServiceWorker()) return 0
    const sizes = await request.sizes()
    return sizes.responseHeadersSize + sizes.responseBodySize
  } catch {
    // a request of the previous tab that finished after its count: that tab is closed, its sizes gone
    return 0
  }
}

/**
 * Follows the requests of `context` (pages and service workers) to `origins` that went to the network,
 * and sums their header and body sizes as Chromium counted them. `take` returns what finished since the
 * last `take`; sizes are read then, after the timed visit, so the counting costs it nothing.
 */
export function followRequestBytes (context: BrowserContext, origins: string[]): { take: () => Promise<OriginBytes> } {
  let finished: Request[] = []
  context.on('requestfinished', request => {
    const at = URL.parse(request.url())
    if (at != null && origins.includes(at.origin)) finished.push(request)
  })
  return {
    async take () {
      const batch = finished
      finished = []
      const out: OriginBytes = { gateway: 0, routing: 0, other: 0, gatewayRequests: 0 }
      for (const request of batch) {
        const bytes = await receivedBytes(request)
        const kind = kindOf(new URL(request.url()).pathname)
        out[kind] += bytes
        if (kind === 'gateway' && bytes > 0) out.gatewayRequests++
      }
      return out
    }
  }
}
