import type { RouteHandler } from '../src/core/routing/route-handler.ts'
import type { SwContext } from './sw-context.ts'

/**
 * A handler for the app's and the host page's own requests only: a replayed page asking for the same
 * path means archived content (`/api/…` of the archived site), which the replay routes answer.
 */
export function appOnly (handler: RouteHandler): RouteHandler<SwContext> {
  return {
    name: handler.name,
    canHandle: (request, url, context) => context.page == null && url.origin === context.origin && handler.canHandle(request, url, undefined),
    handle: async (request, url) => handler.handle(request, url, undefined)
  }
}
