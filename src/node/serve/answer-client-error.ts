import type { Socket } from 'node:net'
import { InvalidInputError } from '../../core/errors.ts'
import { errorResponse } from '../../core/routing/error-response.ts'
import { HeadersTooLargeError } from '../../core/routing/headers-too-large-error.ts'

// Node's limit on a request line and headers (--max-http-header-size)
const MAX_HEADER_BYTES = 16 * 1024
// How long a refused client may go on sending (its request line, headers, body) before the socket is cut.
const DRAIN_MS = 2000
const answered = new WeakSet<Socket>()

/**
 * The node's answer to bytes Node's HTTP parser refuses before any route sees them: 431 for a request
 * line or headers over Node's 16 KiB limit (a 100 KB URL), 400 for anything that is not HTTP, with the
 * status and body the shared error table gives. Node's own answer has the same status, but it destroys
 * the socket while the client is still sending, and that close with unread data is a TCP reset that can
 * wipe the answer before the client reads it. Here the connection is ended and what the client still
 * sends is read and dropped for a moment instead.
 */
export function answerClientError (err: Error & { code?: string }, socket: Socket): void {
  if (answered.has(socket)) return
  answered.add(socket)
  socket.setTimeout(DRAIN_MS, () => { socket.destroy() })
  socket.resume()
  const refused = err.code === 'HPE_HEADER_OVERFLOW'
    ? new HeadersTooLargeError(MAX_HEADER_BYTES, { cause: err })
    : new InvalidInputError('not an HTTP/1.1 request', { cause: err })
  const response = errorResponse(refused, () => {})
  void response.text().then((body) => {
    if (!socket.writable) return
    const head = [`HTTP/1.1 ${response.status} ${response.status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}`, 'Connection: close']
    response.headers.forEach((value, name) => { head.push(`${name}: ${value}`) })
    socket.end(`${head.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
  })
}
