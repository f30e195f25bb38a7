import { createHash } from 'node:crypto'
import { createSocket, type Socket } from 'node:dgram'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'

/** The address no replayed page may reach: loopback, but not the node's 127.0.0.1. */
export const OUTSIDE_HOST = '127.0.0.2'

export interface Hit {
  kind: 'tcp' | 'http' | 'ws' | 'udp'
  /** the request line's path (HTTP, WebSocket), or the datagram's size */
  what: string
  /** the technique running when the hit came (set by the harness), for attribution */
  during: string
  at: number
}

export interface Outside {
  /** `http://127.0.0.2:PORT` */
  http: string
  /** `ws://127.0.0.2:PORT` (the same port: WebSocket upgrades are counted there) */
  ws: string
  /** `127.0.0.2:PORT` of the UDP socket, for STUN server URLs */
  stun: string
  hits: Hit[]
  /** what `during` says for the hits from now on */
  now: (technique: string) => void
  close: () => Promise<void>
}

// RFC 6455: the accept key proves the server read the handshake; a page then sees an open socket.
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC11B65'

/**
 * An "outside" listener bound on 127.0.0.2: an HTTP server that answers everything (CORS open, so that
 * nothing on its side stops an attack), accepts WebSocket upgrades, counts bare TCP connections
 * (preconnect opens one without a request), and a UDP socket that counts every datagram (STUN).
 */
export async function startOutside (): Promise<Outside> {
  const hits: Hit[] = []
  let during = 'setup'
  const hit = (kind: Hit['kind'], what: string): void => { hits.push({ kind, what, during, at: Date.now() }) }
  const server = createServer((req, res) => {
    hit('http', `${req.method ?? 'GET'} ${req.url ?? ''}`)
    const type = /\.m?js(\?|$)/.test(req.url ?? '') ? 'text/javascript' : /\.css(\?|$)/.test(req.url ?? '') ? 'text/css' : 'text/html'
    res.writeHead(200, { 'Content-Type': type, 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Cache-Control': 'no-store' })
    res.end(type === 'text/html' ? '<!doctype html><title>outside</title>' : '')
  })
  server.on('connection', () => { hit('tcp', 'connect') })
  // Upgraded sockets leave the server's books: kept here to be closed at the end.
  const upgraded = new Set<Duplex>()
  server.on('upgrade', (req, socket) => {
    hit('ws', req.url ?? '')
    upgraded.add(socket)
    const key = String(req.headers['sec-websocket-key'] ?? '')
    const accept = createHash('sha1').update(key + WS_GUID).digest('base64')
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`)
  })
  await new Promise<void>(resolve => server.listen(0, OUTSIDE_HOST, resolve))
  const udp = createSocket('udp4')
  udp.on('message', (m) => { hit('udp', `${m.length} bytes`) })
  await new Promise<void>(resolve => udp.bind(0, OUTSIDE_HOST, resolve))
  const port = (server.address() as AddressInfo).port
  return {
    http: `http://${OUTSIDE_HOST}:${port}`,
    ws: `ws://${OUTSIDE_HOST}:${port}`,
    stun: `${OUTSIDE_HOST}:${udp.address().port}`,
    hits,
    now: (technique) => { during = technique },
    close: async () => { for (const s of upgraded) s.destroy(); await closeAll(server, udp) }
  }
}

async function closeAll (server: Server, udp: Socket): Promise<void> {
  server.closeAllConnections()
  await new Promise<void>(resolve => server.close(() => { resolve() }))
  await new Promise<void>(resolve => udp.close(() => { resolve() }))
}
