import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { answerClientError } from './answer-client-error.ts'
import { sendWebResponse } from './node-http-bridge.ts'
import type { NodeResponder } from './node-responder.ts'

/**
 * Opens an HTTP server on `host:wanted` (0 picks a free port) answering with `respond`; adds it to
 * `servers` once listening and resolves with its port.
 */
export async function listenHttp (host: string, wanted: number, respond: NodeResponder, servers: Server[]): Promise<number> {
  const server = createServer((req, res) => { void onRequest(req, res, respond) })
  server.on('clientError', answerClientError)
  // Replays hold few sockets each; keep them open across a page's subresource burst.
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(wanted, host, () => { server.off('error', reject); resolve() })
  })
  servers.push(server)
  return (server.address() as AddressInfo).port
}

async function onRequest (req: IncomingMessage, res: ServerResponse, respond: NodeResponder): Promise<void> {
  const abort = new AbortController()
  res.on('close', () => { if (!res.writableFinished) abort.abort() })
  await sendWebResponse(res, await respond(req, abort.signal), req.method ?? 'GET')
}
