import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A gateway in front of the node that answers one block with altered bytes. */
export async function lyingGateway (target: string, bad: () => string): Promise<{ url: string, server: Server, served: string[] }> {
  const served: string[] = []
  const server = createServer((req, res) => {
    void (async () => {
      const upstream = await fetch(new URL(req.url ?? '/', target), { method: req.method, headers: { accept: String(req.headers.accept ?? '*/*') } })
      let body = Buffer.from(await upstream.arrayBuffer())
      if ((req.url ?? '').startsWith(`/ipfs/${bad()}`)) { body = Buffer.from(body); body[body.length - 1] = (body.at(-1) ?? 0) ^ 0x01; served.push(bad()) }
      const headers: Record<string, string> = {}
      upstream.headers.forEach((value, name) => { if (name !== 'content-length' && name !== 'content-encoding' && name !== 'transfer-encoding') headers[name] = value })
      res.writeHead(upstream.status, headers).end(body)
    })().catch(() => { res.writeHead(502).end() })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, served }
}
