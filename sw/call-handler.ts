import type { RouteHandler } from '../src/core/routing/route-handler.ts'
import { CALL_PATH, parseCall, type CallEnvelope } from '../src/messages/worker-call.ts'
import { callPage, refusalPage, type Reply } from './call-page.ts'
import type { SwContext } from './sw-context.ts'

/**
 * The origin of the document that started a navigation, when it is the app's. The browser sets the
 * referrer from the initiating document: a page of the replay origin (an archived page, or another
 * page it scripts) can send none or its own, never the app's (docs/replay-origins.md, "Orders").
 */
export function appReferrer (request: Request, appOrigins: ReadonlySet<string>): string | undefined {
  if (request.mode !== 'navigate' || request.referrer === '') return undefined
  const origin = URL.parse(request.referrer)?.origin
  return origin != null && appOrigins.has(origin) ? origin : undefined
}

/**
 * `GET /sw/call?c=…`: an order from the app, taken only as a frame navigation the app's document
 * started; answered by `callPage` (an opaque-origin document posting the replies to the app). Any
 * other way of asking (a fetch, a navigation from a replayed page or with no referrer) is refused
 * before the call is even read.
 */
export class CallHandler implements RouteHandler<SwContext> {
  readonly name = 'worker-call'

  constructor (
    private readonly appOrigins: ReadonlySet<string>,
    private readonly answer: (envelope: CallEnvelope, reply: Reply) => Promise<void>
  ) {}

  canHandle (_request: Request, url: URL, context: SwContext): boolean {
    return url.origin === context.origin && url.pathname === CALL_PATH
  }

  async handle (request: Request, url: URL): Promise<Response> {
    const app = request.destination === 'iframe' ? appReferrer(request, this.appOrigins) : undefined
    if (app == null) return refusalPage(403, 'The replay worker takes orders only from the app.')
    const envelope = parseCall(url)
    if (envelope == null) return refusalPage(400, 'The replay worker does not know this call.')
    return callPage(app, envelope.id, async (reply) => { await this.answer(envelope, reply) })
  }
}
