import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { pipeline } from 'node:stream/promises'
import { contentRange, parseRange, unsatisfiedRange } from '../../src/core/replay/byte-range.ts'
import { Traffic, type TrafficCounts } from './traffic.ts'

/**
 * A file the server answers with: bytes held in memory (small app files), or a file on disk read per
 * request (an archive of hundreds of MB: only the asked ranges are read, as a static host would).
 */
export type StaticFile =
  | { bytes: Uint8Array, type: string }
  | { path: string, size: number, mtimeMs: number, type: string }

export interface StaticServer {
  /** `http://127.0.0.1:PORT/` */
  url: string
  /** paths asked for that the server does not have, to spot what a page misses */
  misses: string[]
  /** what it sent so far (bytes on the wire, bodies by path, requests and ranges); subtract two to get a visit's */
  traffic (): TrafficCounts
  close (): Promise<void>
}

const sizeOf = (file: StaticFile): number => 'bytes' in file ? file.bytes.length : file.size

/** Strong for bytes held (their hash), from size and time for a file on disk (hashing 500 MB per start is no use). */
function etagOf (file: StaticFile): string {
  return 'bytes' in file
    ? `"${createHash('sha256').update(file.bytes).digest('hex').slice(0, 16)}"`
    : `"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`
}

/** Sends bytes `start`…`end` of `file`, calling `sent` with each chunk's size as it goes to the socket. */
async function sendBody (res: ServerResponse, file: StaticFile, start: number, end: number, sent: (bytes: number) => void): Promise<void> {
  if ('bytes' in file) {
    sent(end + 1 - start)
    res.end(file.bytes.subarray(start, end + 1))
    return
  }
  if (end < start) { res.end(); return }
  // counted chunk by chunk: ReplayWeb.page opens a WACZ with `Range: bytes=0-` and drops the answer
  // after the first bytes, so a range's length is not what was sent
  const chunks = createReadStream(file.path, { start, end })
  chunks.on('data', chunk => { sent(chunk.length) })
  await pipeline(chunks, res)
}

/**
 * A loopback static file server for the files of ReplayWeb.page and the archive it loads: Content-Length
 * on every answer, single byte ranges answered 206 (ReplayWeb.page reads a WACZ's zip directory, index and
 * records by range), ETags revalidated on each visit like an ordinary static host, and a count of what
 * it sent.
 */
export async function serveFiles (files: Map<string, StaticFile>): Promise<StaticServer> {
  const etags = new Map([...files].map(([path, f]) => [path, etagOf(f)]))
  const misses: string[] = []
  const traffic = new Traffic()
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const file = files.get(path)
    traffic.request(req.headers.range != null)
    if (file == null || (req.method !== 'GET' && req.method !== 'HEAD')) {
      if (file == null) misses.push(path)
      res.writeHead(file == null ? 404 : 405, { 'Content-Type': 'text/plain', 'Content-Length': '9' }).end('not here\n')
      return
    }
    const etag = etags.get(path) ?? ''
    const head = { 'Content-Type': file.type, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-cache', ETag: etag }
    if (req.headers['if-none-match'] === etag) { res.writeHead(304, head).end(); return }
    const size = sizeOf(file)
    // the replay's own reading of Range (one range; a malformed or reversed one is ignored, as RFC 9110 allows)
    const range = parseRange(req.headers.range ?? null, size)
    if (range.kind === 'unsatisfiable') {
      res.writeHead(416, { ...head, 'Content-Range': unsatisfiedRange(size), 'Content-Length': '0' }).end()
      return
    }
    const { start, end } = range.kind === 'range' ? range.range : { start: 0, end: size - 1 }
    const length = end - start + 1
    res.writeHead(range.kind === 'range' ? 206 : 200, { ...head, 'Content-Length': String(length), ...(range.kind === 'range' ? { 'Content-Range': contentRange(range.range, size) } : {}) })
    if (req.method === 'HEAD') { res.end(); return }
    await sendBody(res, file, start, end, bytes => { traffic.body(path, bytes) })
  }
  const server = createServer((req, res) => {
    // a client that goes away mid-body (a page closed) ends the stream: nothing to answer any more
    handle(req, res).catch(() => { res.destroy() })
  })
  server.on('connection', (socket: Socket) => { traffic.track(socket) })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    misses,
    traffic: () => traffic.counts(),
    async close () {
      server.closeAllConnections()
      await new Promise<void>((resolve, reject) => { server.close(err => { if (err == null) resolve(); else reject(err) }) })
    }
  }
}
