import type { ReplayHandler } from '../src/core/replay/replay-handler.ts'
import { parseReplayPath } from '../src/core/replay/replay-path.ts'
import type { RouteHandler } from '../src/core/routing/route-handler.ts'
import { isReservedPath } from './app-assets-handler.ts'
import type { PageLog } from './page-log.ts'
import { withReplayCsp } from './replay-csp.ts'
import type { SubresourcePrefetch } from './subresource-prefetch.ts'
import type { SwContext } from './sw-context.ts'

/** URI-Ms, TimeGates and TimeMaps on this origin: the isomorphic replay handler, under the replay CSP. */
export class SwReplayHandler implements RouteHandler<SwContext> {
  readonly name = 'replay'

  constructor (private readonly replay: ReplayHandler, private readonly pages: PageLog, private readonly prefetch?: SubresourcePrefetch) {}

  canHandle (_request: Request, url: URL, context: SwContext): boolean {
    if (url.origin !== context.origin) return false
    // read once here (the replay handler reads it again to answer): the worker's replay routes are at '/'
    const route = parseReplayPath(url)
    if (route == null || isReservedPath(url)) return false
    // A replayed page's own root-relative paths look like replay paths (`/about/team` reads as archive
    // "about"): from a page, only URLs into its own archive are replay URLs, the rest is the catch-all's.
    return context.page == null || route.archive === context.page.archive
  }

  async handle (request: Request, url: URL, context: SwContext): Promise<Response> {
    // an embed being resolved ahead (subresource-prefetch.ts) is waited for: its blocks are then local
    await this.prefetch?.inFlight(url.href)
    let response = await this.replay.handle(request, url)
    const route = this.prefetch != null && request.method === 'GET' ? parseReplayPath(url) : undefined
    if (route?.kind === 'memento') response = this.prefetch?.watch(response, context.origin, route.archive) ?? response
    const path = url.pathname + url.search
    // A navigation is a page of its own (even when a replayed page started it); anything else belongs to the page asking.
    if (request.mode === 'navigate') { if (response.status === 200) this.pages.record(path, path) } else if (context.page != null) this.pages.record(context.page.path, path)
    return withReplayCsp(response, request.mode === 'navigate')
  }
}
