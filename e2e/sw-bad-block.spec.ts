import { createHash } from 'node:crypto'
import type { Server } from 'node:http'
import * as dagPb from '@ipld/dag-pb'
import { base32upper } from 'multiformats/bases/base32'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { askWorker, hostFrame, idbBlocks, launch, openHost, openInHost, recordRequests } from './support/browser.ts'
import { ingestIana, iparo, json, serve, type Served } from './support/iparo-process.ts'
import { lyingGateway } from './support/lying-gateway.ts'

/**
 * Blocks are verified on every read: a gateway that lies about one block is refused (the resource
 * fails, visibly, and nothing wrong is cached), and a block altered in IndexedDB behind the worker's
 * back is found on the next read, dropped and fetched again.
 */
let node: Served
let data: string
let context: BrowserContext
let page: Page
let app: Page
let proxy: { url: string, server: Server, served: string[] }
let badCid: CID

const HOME = '/iana/20140126200624/http://www.iana.org/'
const LOGO = 'http://www.iana.org/_img/2013.1/icann-logo.svg'
/** blockstore-idb's key for a block: its multihash in base32upper */
const idbKey = (cid: CID): string => `/${base32upper.encode(cid.multihash.bytes)}`

beforeAll(async () => {
  data = await ingestIana()
  // the IPARO of the logo the page shows (its capture closest to the page's datetime): the worker reads
  // it directly, found through the URL's version index, so no other block stands between it and the image
  badCid = CID.parse(String(json(await iparo(['resolve', 'iana', LOGO, '--at', '20140126200624', '--json', '--data', data])).cid))
  node = await serve(data)
  proxy = await lyingGateway(node.replayUrl, () => badCid.toString())
  ;({ context } = await launch())
  page = await context.newPage()
  await openHost(page, node.replayUrl)
  // the worker takes settings only from the app's pages: one of them, beside the host page opened alone
  app = await context.newPage()
  await app.goto(node.url)
  const { answer } = await askWorker(app, node.replayUrl, { type: 'settings' }, { gateways: [proxy.url], routers: [proxy.url] })
  expect(answer).toMatchObject({ type: 'settings', settings: { gateways: [proxy.url] } })
}, 120_000)
afterAll(async () => { await context.close(); proxy.server.close(); await node.stop() })

describe('verified blocks in the service worker', () => {
  it('refuses a block a gateway altered: the image fails visibly, the page around it replays, nothing wrong is cached', async () => {
    const requests = recordRequests(context)
    const frame = await openInHost(page, node.replayUrl, HOME)
    const state = await frame.evaluate(() => ({
      title: document.title,
      logo: document.querySelector<HTMLImageElement>('img[src$="icann-logo.svg"]')?.naturalWidth ?? -1
    }))
    expect(state).toEqual({ title: 'Internet Assigned Numbers Authority', logo: 0 })
    await requests.settled()
    expect(proxy.served).toContain(badCid.toString())
    const logo = requests.seen.filter(r => r.url.endsWith('/_img/2013.1/icann-logo.svg') && r.status != null && r.status >= 400)
    expect(logo.map(r => ({ status: r.status, sw: r.fromServiceWorker }))).toEqual([{ status: 502, sw: true }])

    const keys = Object.keys(await idbBlocks(hostFrame(page)))
    expect(keys.length).toBeGreaterThan(10)
    expect(keys).not.toContain(idbKey(badCid))
  })

  it('finds a block altered in IndexedDB on the next read, drops it and fetches it again', async () => {
    const home = CID.parse(String(json(await iparo(['resolve', 'iana', 'http://www.iana.org/', '--json', '--data', data])).cid))
    const root = await (await fetch(`${node.url}ipfs/${home.toString()}?format=raw`)).arrayBuffer()
    // The IPARO's payload leaves (its largest pieces) are cached, and read again on every replay (the header
    // is kept decoded; the CAR that brought the IPARO also cached pieces replay does not read again).
    const pieces = dagPb.decode(new Uint8Array(root)).Links.filter(l => l.Hash.code === raw.code && (l.Tsize ?? 0) > 1024).map(l => l.Hash)
    const before = await idbBlocks(hostFrame(page), { keys: pieces.map(idbKey), flip: true })
    const leaves = pieces.filter(c => idbKey(c) in before)
    expect(leaves.length).toBeGreaterThanOrEqual(1)
    const keys = leaves.map(idbKey)
    const { answer: was } = await askWorker(app, node.replayUrl, { type: 'stats' })

    const frame = await openInHost(page, node.replayUrl, HOME)
    expect(await frame.evaluate(() => document.title)).toBe('Internet Assigned Numbers Authority')
    const { answer: now } = await askWorker(app, node.replayUrl, { type: 'stats' })
    if (was.type !== 'stats' || now.type !== 'stats') throw new Error('no stats')
    expect(now.stats.corruptDropped - was.stats.corruptDropped).toBe(leaves.length)

    const after = await idbBlocks(hostFrame(page), { keys, flip: false })
    for (const cid of leaves) {
      const bytes = Buffer.from(after[idbKey(cid)] ?? [])
      expect(createHash('sha256').update(bytes).digest().equals(Buffer.from(cid.multihash.digest))).toBe(true)
    }
  })
})
