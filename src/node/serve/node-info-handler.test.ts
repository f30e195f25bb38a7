import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseNodeArchives, parseNodeInfo } from '../../app/node-info.ts'
import { MethodNotAllowedError } from '../../core/errors.ts'
import { openEmbeddedStore } from '../embedded-store.ts'
import { startNetworkNode } from '../p2p/start-network-node.ts'
import { archivePins, NodeInfoHandler, type ArchiveSummary, type NodeInfoSource } from './node-info-handler.ts'

const origins = (): { app: string, replay: string } => ({ app: 'http://127.0.0.1:8420', replay: 'http://127.0.0.1:8421' })
const iana: ArchiveSummary = { name: 'iana', ipns: 'k51qzi5uqu5dgutdk6i1ynyzgkqngpha5xpgia3a5qqp4jsh0u4csozksxel3r', root: 'bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy' }
const other: ArchiveSummary = { name: 'other', ipns: 'k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8', root: 'bafyreid7qoywk77r7rj3slobqfekdvs57qwuwh5d2z3sqsw52iabe3mqne' }

async function ask (handler: NodeInfoHandler, path: string, method = 'GET'): Promise<unknown> {
  const url = `http://127.0.0.1:8420${path}`
  expect(handler.canHandle(new Request(url), new URL(url))).toBe(true)
  const response = await handler.handle(new Request(url, { method }), new URL(url))
  expect(response.status).toBe(200)
  expect(response.headers.get('cache-control')).toBe('no-cache')
  return response.json()
}

describe('GET /api/v1/node', () => {
  it('is not answered on the replay origin, where archived scripts run', () => {
    const handler = new NodeInfoHandler(origins, { routers: () => [] })
    for (const path of ['/api/v1/node', '/api/v1/node/archives']) {
      expect(handler.canHandle(new Request(`http://127.0.0.1:8421${path}`), new URL(`http://127.0.0.1:8421${path}`))).toBe(false)
      expect(handler.canHandle(new Request(`http://127.0.0.1:8420${path}`), new URL(`http://127.0.0.1:8420${path}`))).toBe(true)
    }
  })

  it('answers the origins, the public app URL, an offline network and the routers', async () => {
    const handler = new NodeInfoHandler(origins, { appUrl: () => 'https://archive.example.org/iparo', network: () => undefined, routers: async () => ['https://delegated-ipfs.dev'] })
    const body = await ask(handler, '/api/v1/node')
    expect(body).toEqual({
      origins: { app: 'http://127.0.0.1:8420', replay: 'http://127.0.0.1:8421' },
      appUrl: 'https://archive.example.org/iparo',
      network: { online: false },
      routers: ['https://delegated-ipfs.dev']
    })
    // the app reads it back in the same shape
    expect(parseNodeInfo(body)).toEqual({ appUrl: 'https://archive.example.org/iparo', network: { online: false }, routers: ['https://delegated-ipfs.dev'] })
  })

  it('lists a running libp2p node’s addresses and reachability', async () => {
    const store = await openEmbeddedStore(mkdtempSync(join(tmpdir(), 'iparo-node-info-')))
    // loopback only, and an explicit (empty) bootstrap list: nothing here reaches out of this machine
    const network = await startNetworkNode(store, { listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [] })
    try {
      const body = await ask(new NodeInfoHandler(origins, { network: () => network }), '/api/v1/node')
      const info = parseNodeInfo(body)
      expect(info?.network).toEqual({ online: true, peerId: network.peerId, addresses: network.addresses(), reachability: network.reachability() })
      if (info?.network?.online !== true) throw new Error('offline')
      expect(info.network.peerId).toMatch(/^12D3Koo/)
      expect(info.network.addresses[0]).toMatch(new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/${network.peerId}$`))
      expect(info.network.reachability.status).toBe('private')
    } finally {
      await network.close()
      await store.close()
    }
  }, 60_000)

  it('reads parts it is not given, or that fail, as unknown, and still names the origins', async () => {
    const failing: NodeInfoSource = { routers: () => { throw new Error('/secret/path/routers.json: bad JSON') } }
    const body = await ask(new NodeInfoHandler(() => ({ app: 'http://127.0.0.1:8420', replay: undefined }), failing), '/api/v1/node')
    expect(body).toEqual({ origins: { app: 'http://127.0.0.1:8420', replay: 'http://127.0.0.1:8420' }, appUrl: null, network: { online: false }, routers: null })
    // what failed stays out of the answer
    expect(JSON.stringify(body)).not.toContain('secret')
    expect(parseNodeInfo(body)).toEqual({ appUrl: undefined, network: { online: false }, routers: undefined })
  })

  it('refuses anything but GET and HEAD, and leaves other paths alone', async () => {
    const handler = new NodeInfoHandler(origins)
    const url = 'http://127.0.0.1:8420/api/v1/node'
    await expect(handler.handle(new Request(url, { method: 'POST' }), new URL(url))).rejects.toBeInstanceOf(MethodNotAllowedError)
    const elsewhere = 'http://127.0.0.1:8420/api/v1/nodes'
    expect(handler.canHandle(new Request(elsewhere), new URL(elsewhere))).toBe(false)
  })
})

describe('GET /api/v1/node/archives', () => {
  it('lists each archive with where its record went, its remote pins and whether it is announced', async () => {
    // as the publish log keeps them: a failure's reason is shown, anything else a record carries is not
    const log = [{ target: 'https://router.example', ok: true, sequence: 3, at: '2026-11-20T10:00:00.000Z', internal: '/data/keys' }, { target: 'dht', ok: false, sequence: 3, at: '2026-11-20T10:00:01.000Z', error: 'no DHT peers' }]
    const source: NodeInfoSource = {
      archives: () => [iana, other],
      published: async (a) => a.name === 'iana' ? log : [],
      pins: (a) => a.name === 'iana' ? [{ service: 'lab', endpoint: 'https://lab.example/pinning', status: 'pinned', updated: '2026-11-20T10:05:00.000Z' }] : [],
      announced: () => false,
      pinningServices: () => [{ name: 'lab', endpoint: 'https://lab.example/pinning' }]
    }
    const body = await ask(new NodeInfoHandler(origins, source), '/api/v1/node/archives')
    expect(body).toEqual({
      archives: [
        { ...iana, published: [{ target: 'https://router.example', ok: true, sequence: 3, at: '2026-11-20T10:00:00.000Z' }, { target: 'dht', ok: false, sequence: 3, at: '2026-11-20T10:00:01.000Z', error: 'no DHT peers' }], pins: [{ service: 'lab', endpoint: 'https://lab.example/pinning', status: 'pinned', updated: '2026-11-20T10:05:00.000Z' }], announced: false },
        { ...other, published: [], pins: [], announced: false }
      ],
      services: [{ name: 'lab', endpoint: 'https://lab.example/pinning' }]
    })
    const parsed = parseNodeArchives(body)
    expect(JSON.stringify(body)).not.toContain('/data/keys')
    expect(parsed?.archives?.[0]).toEqual({ ...iana, published: [{ target: 'https://router.example', ok: true, sequence: 3, at: '2026-11-20T10:00:00.000Z', error: undefined }, { target: 'dht', ok: false, sequence: 3, at: '2026-11-20T10:00:01.000Z', error: 'no DHT peers' }], pins: [{ service: 'lab', endpoint: 'https://lab.example/pinning', status: 'pinned', updated: '2026-11-20T10:05:00.000Z' }], announced: false })
  })

  it('answers null for what it cannot tell, per archive', async () => {
    const source: NodeInfoSource = { archives: async () => [iana], published: () => { throw new Error('no publish log') } }
    expect(await ask(new NodeInfoHandler(origins, source), '/api/v1/node/archives')).toEqual({
      archives: [{ ...iana, published: null, pins: null, announced: null }],
      services: null
    })
    expect(await ask(new NodeInfoHandler(origins), '/api/v1/node/archives')).toEqual({ archives: null, services: null })
    expect(parseNodeArchives({ archives: null, services: null })).toEqual({ archives: undefined, services: undefined })
    // a static host's index page where JSON was expected is no node at all
    expect(parseNodeArchives('<!doctype html>')).toBeUndefined()
    expect(parseNodeInfo({ archives: [] })).toBeUndefined()
  })
})

describe('archivePins', () => {
  it('gives each service’s pin of the current root, else the newest made for the archive by name', () => {
    const seen = [
      // newest first, as remotePinStatuses lists them
      { service: 'lab', endpoint: 'https://lab.example', cid: 'bafyolder', archive: 'iana', status: 'pinning', updated: '2026-11-21T00:00:00.000Z' },
      { service: 'lab', endpoint: 'https://lab.example', cid: iana.root, archive: 'iana', status: 'pinned', updated: '2026-11-20T00:00:00.000Z' },
      { service: 'cloud', endpoint: 'https://cloud.example', cid: 'bafyolder', archive: 'IANA', status: 'failed', updated: '2026-11-19T00:00:00.000Z' },
      { service: 'cloud', endpoint: 'https://cloud.example', cid: other.root, status: 'pinned', updated: '2026-11-19T00:00:00.000Z' },
      { service: 'odd', endpoint: 'https://odd.example', cid: iana.root, status: 'something else', updated: '2026-11-19T00:00:00.000Z' }
    ]
    expect(archivePins(seen, iana)).toEqual([
      { service: 'lab', endpoint: 'https://lab.example', status: 'pinned', updated: '2026-11-20T00:00:00.000Z', cid: iana.root },
      { service: 'cloud', endpoint: 'https://cloud.example', status: 'failed', updated: '2026-11-19T00:00:00.000Z', cid: 'bafyolder' }
    ])
    expect(archivePins(seen, other)).toEqual([{ service: 'cloud', endpoint: 'https://cloud.example', status: 'pinned', updated: '2026-11-19T00:00:00.000Z', cid: other.root }])
  })
})
