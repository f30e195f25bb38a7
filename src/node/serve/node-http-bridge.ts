import type { IncomingMessage, ServerResponse } from 'node:http'
import { once } from 'node:events'
import { Readable } from 'node:stream'
import { InvalidInputError, MethodNotAllowedError } from '../../core/errors.ts'
import { PayloadTooLargeError } from '../../core/routing/payload-too-large-error.ts'

/**
 * Request bodies (IPNS records, replayed POSTs) are small: a body over 8 MiB is refused with a 413,
 * never buffered (docs/reliability.md, "Bad input").
 */
export const MAX_REQUEST_BODY = 8 * 1024 * 1024

/**
 * Routes that read their own body as a stream under their own limit, after checking the caller's token:
 * a CAR of an archive is often hundreds of MB (docs/kubo-rpc.md).
 */
const STREAMED_BODY_PATHS = new Set(['/api/v0/dag/import'])

/** Every method some route of the node answers; any other (TRACE, CONNECT, PROPFIND, …) is a 405. */
export const NODE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

async function readBody (req: IncomingMessage): Promise<Uint8Array> {
  // a declared length over the limit is refused before a byte is read
  if (Number(req.headers['content-length'] ?? 0) > MAX_REQUEST_BODY) throw new PayloadTooLargeError(MAX_REQUEST_BODY)
  const parts: Buffer[] = []
  let total = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > MAX_REQUEST_BODY) throw new PayloadTooLargeError(MAX_REQUEST_BODY)
    parts.push(chunk)
  }
  return new Uint8Array(Buffer.concat(parts))
}

/**
 * The web-standard Request for a node request. `signal` aborts when the client goes away, so block
 * reads for an abandoned replay stop.
 */
export async function toWebRequest (req: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const headers = new Headers()
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    try {
      headers.append(req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '')
    } catch {
      // a field the Fetch API refuses is one no route reads
    }
  }
  const method = req.method ?? 'GET'
  // the Fetch API refuses some methods outright (TRACE, CONNECT): no route answers those either
  if (!NODE_METHODS.includes(method)) throw new MethodNotAllowedError(method, NODE_METHODS)
  let url: URL
  try {
    url = new URL(req.url ?? '/', origin)
  } catch (err) {
    throw new InvalidInputError(`not a request target: ${JSON.stringify(req.url)}`, { cause: err })
  }
  if (method === 'POST' && STREAMED_BODY_PATHS.has(url.pathname)) {
    // Node's Request takes a stream body only with duplex 'half'
    return new Request(url, { method, headers, body: Readable.toWeb(req) as ReadableStream<Uint8Array>, signal, duplex: 'half' } as RequestInit & { duplex: 'half' })
  }
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req)
  return new Request(url, { method, headers, body: body as Uint8Array<ArrayBuffer> | undefined, signal })
}

/** Writes a Response to the socket with backpressure; a body that fails midway cuts the connection (never a silently short 200). */
export async function sendWebResponse (res: ServerResponse, response: Response, method: string): Promise<void> {
  const headers: Array<[string, string]> = []
  response.headers.forEach((value, name) => { headers.push([name, value]) })
  res.writeHead(response.status, response.statusText === '' ? undefined : response.statusText, headers.flat())
  if (method === 'HEAD' || response.body == null) {
    await response.body?.cancel()
    res.end()
    return
  }
  const reader = response.body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (res.destroyed) { await reader.cancel(); return }
      if (!res.write(value)) await Promise.race([once(res, 'drain'), once(res, 'close')])
    }
    res.end()
  } catch (err) {
    res.destroy(err as Error)
  }
}
