import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { WARCRecord, WARCSerializer } from 'warcio'

/** Headers that belong to one hop (the browser → proxy connection), never archived or forwarded. */
const HOP = new Set(['proxy-connection', 'connection', 'keep-alive', 'proxy-authorization', 'te', 'trailer', 'upgrade'])

const pairs = (raw: string[]): Array<[string, string]> => {
  const out: Array<[string, string]> = []
  for (let i = 0; i + 1 < raw.length; i += 2) if (!HOP.has((raw[i] ?? '').toLowerCase())) out.push([raw[i] ?? '', raw[i + 1] ?? ''])
  return out
}

async function readAll (stream: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const chunk of stream) parts.push(chunk as Buffer)
  return Buffer.concat(parts)
}

/** WARC dates at second precision, the WARC/1.0 form most archives hold. */
const warcDate = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z')

export interface RecordingProxy {
  /** `http://127.0.0.1:PORT` for Chromium's proxy setting */
  server: string
  /** what was archived, in order: `METHOD url` */
  recorded: Array<{ method: string, url: string, date: string, status: number }>
  /** writes the WARC of everything recorded so far */
  writeWarc (path: string): Promise<void>
  stop (): Promise<void>
}

/**
 * An HTTP proxy that archives what the browser fetches through it into WARC request and response
 * records (written with warcio), as a crawler's recording proxy does. Only `host` exists: it is sent to
 * 127.0.0.1:`port`; anything else (and HTTPS CONNECT) is refused with 502, so nothing leaves the machine.
 *
 * Byte ranges are archived the way pywb's recorder does: the origin is asked for the whole resource,
 * which is archived once as a 200, and the proxy answers the browser's range from it. An archive of
 * scattered 206 fragments could not answer the next range a player asks for.
 */
export async function startRecordingProxy (host: string, port: number): Promise<RecordingProxy> {
  const records: Uint8Array[] = []
  const recorded: RecordingProxy['recorded'] = []
  const wholeArchived = new Set<string>()

  async function archive (method: string, url: URL, reqHeaders: Array<[string, string]>, reqBody: Buffer, status: number, reason: string, resHeaders: Array<[string, string]>, resBody: Buffer): Promise<void> {
    const date = warcDate()
    const responseId = `<urn:uuid:${randomUUID()}>`
    const request = WARCRecord.create({
      url: url.href, date, type: 'request', warcVersion: 'WARC/1.0', keepHeadersCase: true,
      warcHeaders: { 'WARC-Record-ID': `<urn:uuid:${randomUUID()}>`, 'WARC-Concurrent-To': responseId },
      statusline: `${method} ${url.pathname}${url.search} HTTP/1.1`, httpHeaders: reqHeaders
    }, [reqBody])
    const response = WARCRecord.create({
      url: url.href, date, type: 'response', warcVersion: 'WARC/1.0', keepHeadersCase: true,
      warcHeaders: { 'WARC-Record-ID': responseId },
      statusline: `HTTP/1.1 ${status} ${reason}`, httpHeaders: resHeaders
    }, [resBody])
    records.push(await WARCSerializer.serialize(request), await WARCSerializer.serialize(response))
    recorded.push({ method, url: url.href, date, status })
  }

  const server = createServer((req, res) => {
    void (async () => {
      const target = URL.parse(req.url ?? '')
      if (target == null || target.protocol !== 'http:' || target.host !== host) {
        res.writeHead(502, { 'Content-Type': 'text/plain' }).end(`the recording proxy reaches ${host} only`)
        return
      }
      const reqBody = await readAll(req)
      const reqHeaders = pairs(req.rawHeaders)
      const range = req.headers.range
      const forwarded: IncomingHttpHeaders = Object.fromEntries(reqHeaders.filter(([n]) => n.toLowerCase() !== 'range').map(([n, v]) => [n, v]))
      const upstream = await new Promise<IncomingMessage>((resolve, reject) => {
        const r = httpRequest({ host: '127.0.0.1', port, method: req.method, path: target.pathname + target.search, headers: forwarded }, resolve)
        r.on('error', reject)
        r.end(reqBody)
      })
      const body = await readAll(upstream)
      const status = upstream.statusCode ?? 502
      const resHeaders = pairs(upstream.rawHeaders)
      const key = `${req.method ?? ''} ${target.href}`
      // a resource asked for by ranges is archived whole, once
      if (range == null || !wholeArchived.has(key)) {
        if (range != null) wholeArchived.add(key)
        await archive(req.method ?? 'GET', target, range == null ? reqHeaders : reqHeaders.filter(([n]) => n.toLowerCase() !== 'range'), reqBody, status, upstream.statusMessage ?? '', resHeaders, body)
      }
      const m = /^bytes=(\d+)-(\d*)$/.exec(range ?? '')
      if (status === 200 && m != null) {
        const start = Number(m[1])
        const end = m[2] === '' || m[2] == null ? body.length - 1 : Math.min(Number(m[2]), body.length - 1)
        const type = upstream.headers['content-type'] ?? 'application/octet-stream'
        if (start >= body.length) { res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end(); return }
        res.writeHead(206, { 'Content-Type': type, 'Content-Length': String(end - start + 1), 'Content-Range': `bytes ${start}-${end}/${body.length}`, 'Accept-Ranges': 'bytes' })
        res.end(body.subarray(start, end + 1))
        return
      }
      res.writeHead(status, upstream.statusMessage, resHeaders.flat())
      res.end(body)
    })().catch((err: unknown) => { if (!res.headersSent) res.writeHead(502).end(String(err)) })
  })
  server.on('connect', (_req, socket: Socket) => { socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n') })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    recorded,
    async writeWarc (path) { writeFileSync(path, Buffer.concat(records)) },
    stop: async () => { server.closeAllConnections(); await new Promise(resolve => server.close(resolve)) }
  }
}
