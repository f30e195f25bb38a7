import type { RouteHandler } from '../../core/routing/route-handler.ts'
import { requireMethod } from '../../core/routing/require-method.ts'

export interface SwConfigOrigins {
  /** every origin the app is served from (the worker takes orders only from their documents) */
  app: string[]
  /** the origin the worker runs on: its default gateway and router */
  replay: string
}

/**
 * `GET /sw-config.js`: the replay worker's configuration (sw/sw-config.ts), written by the node that
 * serves it: the app origins whose documents may give the worker orders, and this node as the default
 * gateway and router. The worker imports it, so the browser keeps it with the worker's script, out of
 * reach of the pages the worker serves (docs/replay-origins.md).
 */
export class SwConfigHandler implements RouteHandler {
  readonly name = 'sw-config'

  constructor (private readonly origins: () => SwConfigOrigins) {}

  canHandle (_request: Request, url: URL): boolean {
    return url.pathname === '/sw-config.js'
  }

  async handle (request: Request): Promise<Response> {
    requireMethod(request)
    const { app, replay } = this.origins()
    const config = { appOrigins: app, replayOrigin: replay, gateways: [replay], routers: [replay] }
    return new Response(`export default ${JSON.stringify(config)}\n`, {
      headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }
    })
  }
}

/** The names a browser may use for a loopback host (an app opened as localhost reads as another origin). */
export function loopbackAliases (host: string, port: number): string[] {
  // ([::1] is left out: a CSP frame-ancestors source cannot name an IPv6 literal)
  const loopback = ['127.0.0.1', 'localhost']
  const hosts = loopback.includes(host) ? loopback : [host]
  return hosts.map(h => `http://${h}:${port}`)
}
