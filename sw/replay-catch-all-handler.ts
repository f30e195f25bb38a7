import type { RouteHandler } from '../src/core/routing/route-handler.ts'
import { withReplayCsp } from './replay-csp.ts'
import type { SwContext } from './sw-context.ts'

/**
 * Everything else a replayed page asks for — a root-relative or absolute URL on this origin, another
 * origin altogether — goes to the archive at the page's datetime: a redirect to that URI-M, which the
 * replay handler then answers with the closest capture or a 404 (for a POST, the capture of the same
 * body: docs/url-map.md). Nothing is ever forwarded.
 */
export class ReplayCatchAllHandler implements RouteHandler<SwContext> {
  readonly name = 'replay-catch-all'

  canHandle (_request: Request, _url: URL, context: SwContext): boolean {
    return context.page != null
  }

  async handle (request: Request, url: URL, context: SwContext): Promise<Response> {
    const page = context.page
    if (page == null) throw new TypeError('the catch-all answers replayed pages only')
    // On this origin the path was meant for the page's own host (it escaped rewriting); elsewhere the URL is archived as is.
    const original = url.origin === context.origin ? new URL(url.pathname + url.search, page.url).href : url.href
    const target = new URL(`/${page.archive}/${page.digits}/${original}`, context.origin)
    // A 302 would turn a POST (fetch, XHR, form submit) into a GET; a 307 sends the same method and body on.
    const status = request.method === 'GET' || request.method === 'HEAD' ? 302 : 307
    return withReplayCsp(new Response(null, { status, headers: { Location: target.href } }))
  }
}
