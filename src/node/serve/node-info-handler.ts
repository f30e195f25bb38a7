import type { RouteHandler } from '../../core/routing/route-handler.ts'
import { requireMethod } from '../../core/routing/require-method.ts'

export interface NodeOrigins {
  app: string
  replay: string | undefined
}

/**
 * `GET /api/v1/node`: this node's origins, so the app knows where to put the replay frame (a second
 * origin when the node opened one) without configuration.
 */
export class NodeInfoHandler implements RouteHandler {
  readonly name = 'node-info'

  constructor (private readonly origins: () => NodeOrigins) {}

  canHandle (_request: Request, url: URL): boolean {
    return url.pathname === '/api/v1/node'
  }

  async handle (request: Request): Promise<Response> {
    requireMethod(request)
    const { app, replay } = this.origins()
    return Response.json({ origins: { app, replay: replay ?? app } }, { headers: { 'Cache-Control': 'no-cache' } })
  }
}
