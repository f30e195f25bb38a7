/**
 * One route of an HTTP-shaped edge (the service worker, the local node): web-standard Request in,
 * Response out. Edges keep an ordered list and ask each in turn; the first that can handle a request
 * answers it, so adding a route never grows an if/else chain.
 */
export interface RouteHandler<Context = unknown> {
  readonly name: string
  canHandle (request: Request, url: URL, context: Context): boolean
  handle (request: Request, url: URL, context: Context): Promise<Response>
}

/** The first handler that claims the request, or undefined. */
export function pickHandler<Context> (handlers: ReadonlyArray<RouteHandler<Context>>, request: Request, url: URL, context: Context): RouteHandler<Context> | undefined {
  return handlers.find(h => h.canHandle(request, url, context))
}
