import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, openInApp } from './support/browser.ts'
import { fresh, ingestIana, iparo, json, serve, type Served } from './support/iparo-process.ts'
import { plainHeliaPeer } from './support/plain-helia-peer.ts'

/**
 * Issue 15's acceptance, on loopback only: node A (`iparo serve` holding the iana.org archive), node B
 * (a plain Helia written in the test, bootstrapped with A's printed address only) and node C (a second
 * `iparo serve`). B resolves the name through the DHT and fetches an IPARO over Bitswap; A pins its
 * archive at C; with A stopped, a fresh browser whose only gateway and router is C replays the page.
 */
let dataA: string
let dataC: string
let a: Served
let c: Served
let ipns: string
let root: string

const LOOPBACK = ['--listen', '/ip4/127.0.0.1/tcp/0']

beforeAll(async () => {
  dataA = await ingestIana()
  a = await serve(dataA, [...LOOPBACK, '--bootstrap', 'none'])
  expect(a.libp2p[0]).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/12D3Koo/)
  dataC = fresh()
  c = await serve(dataC, [...LOOPBACK, '--bootstrap', a.libp2p[0] ?? ''])
  const info = json(await iparo(['archive', 'info', 'iana', '--json', '--data', dataA]))
  ipns = String(info.ipns)
  root = String(info.root)
}, 120_000)
afterAll(async () => { await a?.stop(); await c?.stop() })

describe('an archive leaves this machine', () => {
  it('a plain Helia peer resolves the name through the DHT and fetches an IPARO over Bitswap', async () => {
    // the record goes into the DHT through the running node; no router is asked (none may be outside)
    expect((await iparo(['routers', 'clear', '--data', dataA])).code).toBe(0)
    const published = await iparo(['publish', 'iana', '--data', dataA])
    expect(published.stdout).toMatch(/dht .*ok/)
    const b = await plainHeliaPeer([a.libp2p[0] ?? ''])
    try {
      expect((await b.resolve(ipns)).toString()).toBe(root)
      const timemap = await (await fetch(`${a.url}iana/timemap/json/http://www.iana.org/`)).json() as { mementos: { list: Array<{ cid: string }> } }
      const iparoCid = CID.parse(timemap.mementos.list[0]?.cid ?? '')
      const viaBitswap = await b.block(iparoCid)
      const viaGateway = new Uint8Array(await (await fetch(`${a.url}ipfs/${iparoCid.toString()}?format=raw`)).arrayBuffer())
      expect(viaBitswap.byteLength).toBe(viaGateway.byteLength)
      expect(Buffer.from(viaBitswap).equals(Buffer.from(viaGateway))).toBe(true)
    } finally {
      await b.stop()
    }
  }, 90_000)

  it('pinned at C, the archive replays from C alone once A has stopped', async () => {
    const token = String(json(await iparo(['token', 'create', '--json', '--data', dataC])).token)
    const pinned = await iparo(['pin', 'iana', '--service', `${c.url}pinning`, '--token', token, '--data', dataA])
    expect(pinned.code, pinned.stderr).toBe(0)
    expect(pinned.stdout).toMatch(/pinned/)
    expect(pinned.stdout + pinned.stderr).not.toContain(token)
    // C adopted the archive's record: its router answers for the name
    expect((await fetch(`${c.url}routing/v1/ipns/${ipns}`)).status).toBe(200)
    await a.stop()
    await expect(fetch(a.url)).rejects.toThrow()

    // a fresh profile: the app served by C, whose worker's only gateway and router is C
    const { context } = await launch()
    try {
      const page = await context.newPage()
      const frame = await openInApp(page, c.url, c.replayUrl, `/${ipns}/20140126200624/http://www.iana.org/`)
      const replayed = await frame.evaluate(async () => {
        const images = [...document.images]
        await Promise.all(images.map(async img => img.decode().catch(() => {})))
        return { title: document.title, images: images.length, drawn: images.filter(i => i.naturalWidth > 0).length }
      })
      expect(replayed.title).toBe('Internet Assigned Numbers Authority')
      expect(replayed.images).toBeGreaterThan(0)
      expect(replayed.drawn).toBe(replayed.images)
    } finally {
      await context.close()
    }
  }, 180_000)
})
