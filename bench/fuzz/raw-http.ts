import { connect } from 'node:net'

/** A request as bytes on the wire: any method, any target, any header, which fetch() would refuse or normalise. */
export interface RawRequest {
  method: string
  target: string
  headers: Array<[string, string]>
  body?: Uint8Array
}

export interface RawResponse {
  status: number
  headers: Map<string, string>
  body: string
}

function dechunk (bytes: Buffer): Buffer {
  const out: Buffer[] = []
  let at = 0
  for (;;) {
    const nl = bytes.indexOf('\r\n', at)
    if (nl === -1) break
    const size = Number.parseInt(bytes.subarray(at, nl).toString('latin1'), 16)
    if (!Number.isFinite(size) || size === 0) break
    out.push(bytes.subarray(nl + 2, nl + 2 + size))
    at = nl + 2 + size + 2
  }
  return Buffer.concat(out)
}

/** Parses a whole HTTP/1.1 response (the connection was closed after it). */
export function parseResponse (bytes: Buffer, method: string): RawResponse | undefined {
  const end = bytes.indexOf('\r\n\r\n')
  if (end === -1) return undefined
  const [statusLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n')
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? NaN)
  if (!Number.isInteger(status)) return undefined
  const headers = new Map<string, string>()
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  const rest = bytes.subarray(end + 4)
  const body = method === 'HEAD' ? Buffer.alloc(0) : headers.get('transfer-encoding')?.includes('chunked') === true ? dechunk(rest) : rest
  return { status, headers, body: body.toString('utf8') }
}

const EARLY_ANSWER_BODY = 256 * 1024
const EARLY_ANSWER_MS = 200

/**
 * Sends one request on its own connection (`Connection: close`) and reads the answer to the end.
 * Resolves undefined when the server closes without an answer; rejects after `timeoutMs`.
 */
export async function sendRaw (port: number, request: RawRequest, timeoutMs: number): Promise<RawResponse | undefined> {
  const head = `${request.method} ${request.target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n` +
    request.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('') +
    (request.body != null ? `Content-Length: ${request.body.length}\r\n` : '') + '\r\n'
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const parts: Buffer[] = []
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`no answer within ${timeoutMs} ms`)) }, timeoutMs)
    socket.on('data', (d: Buffer) => parts.push(d))
    // a server that answers before reading a refused body may reset the upload: its answer is what counts
    socket.on('error', () => { /* the answer, if any, is read on close */ })
    socket.on('close', () => { clearTimeout(timer); resolve(parseResponse(Buffer.concat(parts), request.method)) })
    socket.write(Buffer.from(head, 'latin1'))
    const body = request.body
    if (body == null) return
    if (body.length <= EARLY_ANSWER_BODY) { socket.write(body); return }
    // As curl does for large uploads: a server that refuses the body answers at once, and a client
    // that kept sending would have that answer destroyed by the reset of a close with unread data.
    const wait = setTimeout(() => { socket.off('data', answered); socket.write(body) }, EARLY_ANSWER_MS)
    const answered = (): void => { clearTimeout(wait) }
    socket.once('data', answered)
  })
}
