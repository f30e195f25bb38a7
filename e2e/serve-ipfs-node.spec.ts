import { createServer, type Server } from 'node:http'
import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { CarBlockIterator } from '@ipld/car'
import { withHTTP } from '@helia/http'
import { ipnsResolver } from '@helia/ipns'
import { unixfs } from '@helia/unixfs'
import { createHeliaLight } from 'helia'
import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WARCParser } from 'warcio'
import { createArchiveRecord } from '../src/core/naming/ipns-name.ts'
import { FIXTURES, fresh, iparo, json, serve, type Served } from './support/iparo-process.ts'

let node: Served
let data: string
let ipns: string
let root: string
let iparoCid: string

beforeAll(async () => {
  data = fresh()
  const ingest = json(await iparo(['ingest', `${FIXTURES}ipwb/5mementos.warc`, '--archive', 'five', '--json', '--data', data]))
  iparoCid = (ingest.iparos as Array<{ cid: string }>)[0]?.cid ?? ''
  const info = json(await iparo(['archive', 'info', 'five', '--json', '--data', data]))
  ipns = String(info.ipns)
  root = String(info.root)
  node = await serve(data)
})
afterAll(async () => { await node.stop() })

const at = (path: string): URL => new URL(path, node.url)

async function cidMatches (cid: CID, bytes: Uint8Array): Promise<boolean> {
  const digest = await sha256.digest(bytes)
  return digest.bytes.every((b, i) => b === cid.multihash.bytes[i]) && digest.bytes.length === cid.multihash.bytes.length
}

describe('the local node as an IPFS trustless gateway', () => {
  it('serves one block that hashes to its CID, with immutable caching and CORS', async () => {
    const r = await fetch(at(`ipfs/${iparoCid}?format=raw`))
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('application/vnd.ipld.raw')
    expect(r.headers.get('cache-control')).toContain('immutable')
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
    expect(await cidMatches(CID.parse(iparoCid), new Uint8Array(await r.arrayBuffer()))).toBe(true)
    const byAccept = await fetch(at(`ipfs/${iparoCid}`), { headers: { Accept: 'application/vnd.ipld.raw' } })
    expect(byAccept.headers.get('content-type')).toBe('application/vnd.ipld.raw')
    const again = await fetch(at(`ipfs/${iparoCid}?format=raw`), { headers: { 'If-None-Match': r.headers.get('etag') ?? '' } })
    expect(again.status).toBe(304)
  })

  it('serves a DAG as a CAR whose every block verifies, and a single block with dag-scope=block', async () => {
    const r = await fetch(at(`ipfs/${root}?format=car`))
    expect(r.headers.get('content-type')).toMatch(/^application\/vnd\.ipld\.car; version=1/)
    const blocks = await CarBlockIterator.fromBytes(new Uint8Array(await r.arrayBuffer()))
    expect((await blocks.getRoots())[0]?.toString()).toBe(root)
    let count = 0
    for await (const block of blocks) {
      if (block.cid.multihash.code === sha256.code) expect(await cidMatches(block.cid, block.bytes)).toBe(true)
      count++
    }
    expect(count).toBeGreaterThan(20)
    const one = await CarBlockIterator.fromBytes(new Uint8Array(await (await fetch(at(`ipfs/${root}?format=car&dag-scope=block`))).arrayBuffer()))
    let single = 0
    for await (const _ of one) single++
    expect(single).toBe(1)
  })

  it('serves an IPARO deserialized: its WARC bytes, which warcio reads', async () => {
    const r = await fetch(at(`ipfs/${iparoCid}`))
    expect(r.headers.get('content-type')).toBe('application/warc')
    const types: string[] = []
    for await (const record of new WARCParser([new Uint8Array(await r.arrayBuffer())])) { await record.readFully(); types.push(record.warcType ?? '') }
    expect(types).toEqual(['metadata', 'response'])
  })

  it('answers 404 for a CID it lacks and 400 for what is not a CID or a known format', async () => {
    const absent = CID.createV1(0x55, await sha256.digest(new TextEncoder().encode('never stored')))
    expect((await fetch(at(`ipfs/${absent.toString()}?format=raw`))).status).toBe(404)
    expect((await fetch(at('ipfs/not-a-cid?format=raw'))).status).toBe(400)
    expect((await fetch(at(`ipfs/${iparoCid}?format=tar`))).status).toBe(400)
    expect((await fetch(at(`ipfs/${absent.toString()}?format=car`))).status).toBe(404)
  })
})

describe('the local node as a delegated router', () => {
  it('returns the archive\'s signed IPNS record, under any spelling of the name; 404 for names it does not hold', async () => {
    const r = await fetch(at(`routing/v1/ipns/${ipns}`), { headers: { Accept: 'application/vnd.ipfs.ipns-record' } })
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('application/vnd.ipfs.ipns-record')
    const base32 = CID.parse(ipns, base36).toString()
    expect((await fetch(at(`routing/v1/ipns/${base32}`))).status).toBe(200)
    const other = json(await iparo(['archive', 'create', 'other', '--json', '--data', fresh()]))
    expect((await fetch(at(`routing/v1/ipns/${String(other.ipns)}`))).status).toBe(404)
    expect((await fetch(at('routing/v1/ipns/k51-not-a-name'))).status).toBe(400)
  })

  it('accepts a valid newer record (2xx), refuses an older one (409) and an invalid one (400)', async () => {
    const keyFile = join(fresh(), 'five.key')
    expect((await iparo(['archive', 'key', 'export', 'five', '--file', keyFile, '--data', data])).code).toBe(0)
    const key = privateKeyFromProtobuf(new Uint8Array(readFileSync(keyFile)))
    const put = async (body: Uint8Array): Promise<number> => (await fetch(at(`routing/v1/ipns/${ipns}`), {
      method: 'PUT', body: body as Uint8Array<ArrayBuffer>, headers: { 'Content-Type': 'application/vnd.ipfs.ipns-record' }
    })).status
    const newer = await createArchiveRecord(key, CID.parse(root), 1000n)
    expect(await put(newer)).toBeLessThan(300)
    expect(new Uint8Array(await (await fetch(at(`routing/v1/ipns/${ipns}`))).arrayBuffer())).toEqual(newer)
    expect(await put(await createArchiveRecord(key, CID.parse(root), 999n))).toBe(409)
    const tampered = newer.slice()
    tampered[tampered.length - 5] = (tampered[tampered.length - 5] ?? 0) ^ 0xff
    expect(await put(tampered)).toBe(400)
    expect(await put(new TextEncoder().encode('garbage'))).toBe(400)
  })

  it('lists itself as the HTTP provider of blocks it holds, and nobody for others', async () => {
    const held = await (await fetch(at(`routing/v1/providers/${iparoCid}`))).json() as { Providers: Array<{ Protocols: string[], Addrs: string[] }> }
    expect(held.Providers).toHaveLength(1)
    expect(held.Providers[0]?.Protocols).toEqual(['transport-ipfs-gateway-http'])
    expect(held.Providers[0]?.Addrs[0]).toBe(`/ip4/127.0.0.1/tcp/${new URL(node.url).port}/http`)
    const absent = CID.createV1(0x55, await sha256.digest(new TextEncoder().encode('nobody has this')))
    expect((await (await fetch(at(`routing/v1/providers/${absent.toString()}`))).json() as { Providers: unknown[] }).Providers).toEqual([])
  })

  it('lists its archives for the web app, and replays each by name, IPNS name, DNSLink-style name or root CID', async () => {
    expect((await iparo(['archive', 'dnslink', 'mementos.example.org', 'five', '--data', data])).code).toBe(0)
    const list = await (await fetch(at('api/v1/archives'))).json() as { archives: Array<{ name: string, ipns: string }>, dnslinks: Array<{ domain: string, target: string }> }
    expect(list.archives.map(a => a.name)).toEqual(['five'])
    expect(list.archives[0]?.ipns).toBe(ipns)
    expect(list.dnslinks).toEqual([{ domain: 'mementos.example.org', target: `/ipns/${ipns}` }])
    for (const name of ['five', ipns, 'mementos.example.org', root]) {
      const r = await fetch(at(`${name}/20130202100000/http://memento.us/`), { redirect: 'manual' })
      expect(r.status, name).toBe(200)
      expect(r.headers.get('link'), name).toContain(`${node.url}${name}/timegate/http://memento.us/`)
    }
    expect((await fetch(at('unknown.example.org/2013/http://memento.us/'))).status).toBe(404)
  })
})

/**
 * A gateway in front of the node that flips one byte of every block it passes on, and names no
 * providers (which would lead Helia round it, to the node itself).
 */
async function corruptingProxy (target: string): Promise<{ url: string, server: Server }> {
  const server = createServer((req, res) => {
    void (async () => {
      if ((req.url ?? '').startsWith('/routing/v1/providers/')) { res.writeHead(404).end(); return }
      const upstream = await fetch(new URL(req.url ?? '/', target), { headers: { Accept: String(req.headers.accept ?? '*/*') } })
      const body = new Uint8Array(await upstream.arrayBuffer())
      if ((req.url ?? '').startsWith('/ipfs/') && body.length > 0) body[body.length - 1] = (body[body.length - 1] ?? 0) ^ 1
      res.writeHead(upstream.status, { 'Content-Type': upstream.headers.get('content-type') ?? 'application/octet-stream', 'Access-Control-Allow-Origin': '*' })
      res.end(body)
    })()
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server }
}

describe('a second machine\'s view', () => {
  const helia = (gateway: string, router: string): ReturnType<typeof createHeliaLight> =>
    withHTTP(createHeliaLight(), { delegatedRouters: [router], recursiveGateways: [gateway], allowInsecure: true, allowLocal: true })

  it('a fresh Helia with only this node as gateway and router resolves the IPNS name and fetches a verified IPARO', async () => {
    const h = helia(node.url, node.url)
    await h.start()
    try {
      let value = ''
      for await (const result of ipnsResolver(h).resolve(CID.parse(ipns, base36))) value = result.value
      expect(value).toBe(`/ipfs/${root}`)
      const parts: Uint8Array[] = []
      for await (const chunk of unixfs(h).cat(CID.parse(iparoCid), { signal: AbortSignal.timeout(10_000) })) parts.push(chunk)
      const fetched = Buffer.concat(parts)
      const direct = Buffer.from(await (await fetch(at(`ipfs/${iparoCid}`))).arrayBuffer())
      expect(fetched.equals(direct)).toBe(true)
    } finally {
      await h.stop()
    }
  })

  it('the same Helia refuses blocks altered on the way', async () => {
    const proxy = await corruptingProxy(node.url)
    const h = helia(proxy.url, proxy.url)
    await h.start()
    try {
      const requests: string[] = []
      proxy.server.on('request', (req: { url?: string }) => { requests.push(req.url ?? '') })
      const reading = (async () => { for await (const _ of unixfs(h).cat(CID.parse(iparoCid), { signal: AbortSignal.timeout(5_000) })) { /* drain */ } })()
      await expect(reading).rejects.toThrow()
      // it failed because the bytes were wrong, not because nobody was asked
      expect(requests.some(u => u.startsWith(`/ipfs/${iparoCid}`))).toBe(true)
    } finally {
      await h.stop()
      proxy.server.close()
    }
  })
})

describe('serving while the store changes', () => {
  it('keeps answering during an ingest into the same store and sees the new state without a restart', async () => {
    const before = await (await fetch(at('five/timemap/json/http://memento.us/'))).json() as { mementos: { list: unknown[] } }
    const ingesting = iparo(['ingest', `${FIXTURES}ipwb/salam-home.warc`, `${FIXTURES}ipwb/HTTP404.warc`, '--archive', 'five', '--json', '--data', data])
    let done = false
    void ingesting.then(() => { done = true })
    const statuses: number[] = []
    while (!done) statuses.push((await fetch(at('five/20130202100000/http://memento.us/'))).status)
    expect((await ingesting).code).toBe(0)
    expect(statuses.length).toBeGreaterThan(0)
    expect(new Set(statuses)).toEqual(new Set([200]))
    const after = await (await fetch(at('five/timemap/json/http://memento.us/'))).json() as { mementos: { list: unknown[] } }
    expect(after.mementos.list.length).toBe(before.mementos.list.length + 1)
    expect((await fetch(at('five/2016/http://www.cs.odu.edu/~salam/'), { redirect: 'manual' })).status).toBe(302)
  })
})
