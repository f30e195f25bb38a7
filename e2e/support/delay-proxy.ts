import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ProxyCount {
  requests: number
  bytes: number
  /** request paths in arrival order (`/ipfs/CID?format=car…`, `/api/v1/archives`) */
  paths: string[]
}

export interface DelayProxy {
  url: string
  server: Server
  /** what passed since the last reset */
  count: ProxyCount
  reset: () => void
  close: () => Promise<void>
}

/**
 * A loopback gateway in front of the node that waits `delayMs` before forwarding each request (a
 * distant gateway's round trip) and counts requests and response bytes: what a replay costs on the
 * wire, measured outside the worker. Bodies are streamed through, so a CAR still arrives as it is made.
 */
export async function delayProxy (target: string, delayMs: number): Promise<DelayProxy> {
  const count: ProxyCount = { requests: 0, bytes: 0, paths: [] }
  const upstream = new URL(target)
  const server = createServer((req, res) => {
    count.requests++
    count.paths.push(req.url ?? '/')
    setTimeout(() => {
      const headers = { ...req.headers, host: upstream.host }
      const out = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.on('data', (chunk: Buffer) => { count.bytes += chunk.byteLength })
        answer.pipe(res)
      })
      out.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end() })
      req.pipe(out)
    }, delayMs)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    count,
    reset () { count.requests = 0; count.bytes = 0; count.paths = [] },
    close: async () => new Promise<void>(resolve => { server.closeAllConnections(); server.close(() => { resolve() }) })
  }
}
