import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { contentRange, parseRange, unsatisfiedRange } from '../../src/core/replay/byte-range.ts'

export interface StaticFile { bytes: Uint8Array, type: string }

export interface StaticServer {
  /** `http://127.0.0.1:PORT/` */
  url: string
  /** paths asked for that the server does not have, to spot what a page misses */
  misses: string[]
  close (): Promise<void>
}

/**
 * A loopback static file server for the files of ReplayWeb.page and the WARC it loads: Content-Length
 * on every answer, single byte ranges (ReplayWeb.page reads a WARC's length and parts with them), ETags
 * revalidated on each visit like an ordinary static host.
 */
export async function serveFiles (files: Map<string, StaticFile>): Promise<StaticServer> {
  const etags = new Map([...files].map(([path, f]) => [path, `"${createHash('sha256').update(f.bytes).digest('hex').slice(0, 16)}"`]))
  const misses: string[] = []
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const file = files.get(path)
    if (file == null || (req.method !== 'GET' && req.method !== 'HEAD')) {
      if (file == null) misses.push(path)
      res.writeHead(file == null ? 404 : 405, { 'Content-Type': 'text/plain', 'Content-Length': '9' }).end('not here\n')
      return
    }
    const etag = etags.get(path) ?? ''
    const head = { 'Content-Type': file.type, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-cache', ETag: etag }
    if (req.headers['if-none-match'] === etag) { res.writeHead(304, head).end(); return }
    const size = file.bytes.length
    // the replay's own reading of Range (one range; a malformed or reversed one is ignored, as RFC 9110 allows)
    const range = parseRange(req.headers.range ?? null, size)
    if (range.kind === 'unsatisfiable') {
      res.writeHead(416, { ...head, 'Content-Range': unsatisfiedRange(size), 'Content-Length': '0' }).end()
      return
    }
    const { start, end } = range.kind === 'range' ? range.range : { start: 0, end: size - 1 }
    const body = file.bytes.subarray(start, end + 1)
    res.writeHead(range.kind === 'range' ? 206 : 200, { ...head, 'Content-Length': String(body.length), ...(range.kind === 'range' ? { 'Content-Range': contentRange(range.range, size) } : {}) })
    res.end(req.method === 'HEAD' ? undefined : body)
  }
  const server = createServer(handle)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    misses,
    async close () {
      server.closeAllConnections()
      await new Promise<void>((resolve, reject) => { server.close(err => { if (err == null) resolve(); else reject(err) }) })
    }
  }
}
