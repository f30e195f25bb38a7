import type { RouteHandler } from '../../core/routing/route-handler.ts'
import type { ArchiveRegistry } from '../archive-registry.ts'
import { requireMethod } from '../../core/routing/require-method.ts'

/** `GET /api/v1/archives`: the local archives (name, IPNS name, current root), so an app served here can open them by name. */
export class ArchivesApiHandler implements RouteHandler {
  readonly name = 'archives-api'

  constructor (private readonly registry: ArchiveRegistry) {}

  canHandle (_request: Request, url: URL): boolean {
    return url.pathname === '/api/v1/archives' || url.pathname === '/api/v1/archives/'
  }

  async handle (request: Request): Promise<Response> {
    requireMethod(request)
    const archives = (await this.registry.list()).map(a => ({ name: a.name, ipns: a.ipns, root: a.root, created: a.created }))
    const dnslinks = await this.registry.dnslinks()
    return Response.json({ archives, dnslinks }, { headers: { 'Cache-Control': 'no-cache' } })
  }
}
