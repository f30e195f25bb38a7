import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface StaticFile { bytes: Uint8Array, type: string }

export interface StaticServer {
  /** `http://127.0.0.1:PORT/` */
  url: string
  /** paths asked for that the server does not have, to spot what a page misses */
  misses: string[]
  close (): Promise<void>
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` (one range) as [start, end] inclusive; 'unsatisfiable'; undefined: serve it all. */
export function byteRange (header: string | undefined, size: number): [number, number] | 'unsatisfiable' | undefined {
  const m = header == null ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (m == null || (m[1] === '' && m[2] === '')) return undefined
  if (m[1] === '') {
    const suffix = Number(m[2])
    return suffix === 0 || size === 0 ? 'unsatisfiable' : [Math.max(0, size - suffix), size - 1]
  }
  const start = Number(m[1])
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  return start >= size || end < start ? 'unsatisfiable' : [start, end]
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
    const range = byteRange(req.headers.range, size)
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...head, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' }).end()
      return
    }
    const [start, end] = range ?? [0, size - 1]
    const body = file.bytes.subarray(start, end + 1)
    res.writeHead(range == null ? 200 : 206, { ...head, 'Content-Length': String(body.length), ...(range == null ? {} : { 'Content-Range': `bytes ${start}-${end}/${size}` }) })
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
