import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { askWorker, launch, openHost, openInHost } from './support/browser.ts'
import { delayProxy, type DelayProxy } from './support/delay-proxy.ts'
import { ingestIana, serve, type Served } from './support/iparo-process.ts'

/**
 * What a cold view of the iana.org home page costs the gateway, counted by a proxy in front of the node
 * (docs/round-trips.md): an IPARO and its pieces come in one CAR request, never leaf by leaf, and the
 * page's embeds are resolved once each.
 */
let node: Served
let proxy: DelayProxy
let context: BrowserContext
let page: Page

const HOME = '/iana/20140126200624/http://www.iana.org/'
/** measured 19 (36 before CAR fetching): the archive root, the URL map, a version index and an IPARO per URL */
const MAX_REQUESTS = 20

beforeAll(async () => {
  node = await serve(await ingestIana())
  proxy = await delayProxy(node.replayUrl, 0)
  ;({ context } = await launch())
  page = await context.newPage()
  await openHost(page, node.replayUrl)
  const app = await context.newPage()
  await app.goto(node.url)
  await askWorker(app, node.replayUrl, { type: 'settings' }, { gateways: [proxy.url], routers: [proxy.url] })
}, 120_000)
afterAll(async () => { await context.close(); await proxy.close(); await node.stop() })

describe('gateway round trips of a cold replay in the worker', () => {
  it('replays the home page cold in a bounded number of gateway requests, each IPARO as one CAR', async () => {
    proxy.reset()
    const frame = await openInHost(page, node.replayUrl, HOME)
    expect(await frame.evaluate(async () => {
      if (document.readyState !== 'complete') await new Promise(resolve => { addEventListener('load', resolve, { once: true }) })
      return { title: document.title, images: [...document.images].filter(i => i.naturalWidth > 0).length }
    })).toEqual({ title: 'Internet Assigned Numbers Authority', images: expect.any(Number) as number })
    const paths = [...proxy.count.paths]
    const cars = paths.filter(p => p.includes('format=car'))
    const single = paths.filter(p => p.includes('format=raw'))
    expect(cars.length).toBeGreaterThanOrEqual(5)
    // single blocks are the dag-cbor ones (root, URL map, version indexes: "bafyrei…"), never an IPARO's
    // leaves ("bafkrei…") or UnixFS nodes ("bafybei…"), which came inside the CARs
    expect(single.filter(p => !p.startsWith('/ipfs/bafyrei'))).toEqual([])
    expect(new Set(paths).size).toBe(paths.length)
    expect(paths.length).toBeLessThanOrEqual(MAX_REQUESTS)
  })

  it('asks the gateway nothing when the page is viewed again', async () => {
    proxy.reset()
    const frame = await openInHost(page, node.replayUrl, HOME)
    expect(await frame.evaluate(() => document.title)).toBe('Internet Assigned Numbers Authority')
    expect(proxy.count.paths).toEqual([])
  })
})
