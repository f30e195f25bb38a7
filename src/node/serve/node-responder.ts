import type { IncomingMessage } from 'node:http'
import { NotFoundError } from '../../core/errors.ts'
import { errorResponse } from '../../core/routing/error-response.ts'
import { pickHandler, type RouteHandler } from '../../core/routing/route-handler.ts'
import { preflightResponse, withCors } from './cors.ts'
import { originOf, type NodeAddress } from './node-address.ts'
import { toWebRequest } from './node-http-bridge.ts'
import { refusal, securityHeaders, type SecurityContext } from './security-headers.ts'
import type { StaticFilesHandler } from './static-files-handler.ts'
import { loopbackAliases } from './sw-config-handler.ts'

// a Host header that can only name a host and port
const HOST = /^[a-z0-9.:[\]-]+$/i

/** Answers a request of either port. */
export type NodeResponder = (req: IncomingMessage, signal: AbortSignal) => Promise<Response>

/**
 * The local node's answer to a request: the first handler that takes it, with CORS and security
 * headers, and every error as an error response.
 */
export function nodeResponder (handlers: RouteHandler[], address: NodeAddress, staticFiles: StaticFilesHandler | undefined, log: (line: string) => void): NodeResponder {
  const { host } = address
  // made on the first request: the ports are known only once the node listens
  let secured: SecurityContext | undefined
  const securedNow = (): SecurityContext => {
    secured ??= { appOrigins: loopbackAliases(host, address.app), isAppFile: (path: string) => path === '/sw-config.js' || (staticFiles?.has(path) ?? false) }
    return secured
  }
  // an error answer is archived-looking content as far as its policy goes: sandboxed
  const refusedContext: SecurityContext = { appOrigins: [], isAppFile: () => false }
  return async function respond (req: IncomingMessage, signal: AbortSignal): Promise<Response> {
    try {
      // The Host header only shapes the URIs in Link and Location headers; a bad one falls back to ours.
      const origin = HOST.test(req.headers.host ?? '') ? `http://${req.headers.host ?? ''}` : originOf(host, req.socket.localPort ?? address.app)
      const request = await toWebRequest(req, origin, signal)
      if (request.method === 'OPTIONS') return preflightResponse()
      const url = new URL(request.url)
      // The app never runs on the replay origin, where archived scripts could reach its storage.
      if (address.replay != null && req.socket.localPort === address.replay && (url.pathname === '/' || url.pathname === '/index.html')) {
        return Response.redirect(`${originOf(host, address.app)}/${url.hash}`, 302)
      }
      const refused = refusal(request, url)
      if (refused != null) return refused
      const handler = pickHandler(handlers, request, url, undefined)
      if (handler == null) throw new NotFoundError(`nothing is served at ${url.pathname}`)
      return withCors(await handler.handle(request, url, undefined), securityHeaders(url, securedNow()))
    } catch (err) {
      // the node's one place where errors become responses
      return withCors(errorResponse(err, log), securityHeaders(new URL('http://error/'), refusedContext))
    }
  }
}
