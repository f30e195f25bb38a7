import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packageRoot } from '../src/node/package-root.ts'
import { launch, recordRequests } from './support/browser.ts'
import { NETWORK, openApp, openShare, screenshots, SHARE } from './support/app-page.ts'
import { ingestIana, serve, type Served } from './support/iparo-process.ts'
import { shownMemento } from './support/replay-view.ts'

/**
 * The Share panel makes links that work for others: the archive by its IPNS name, a public app address
 * when one is set, a gateway link only for what is announced or pinned, and a plain word when a link
 * works only on this machine. The settings page shows the node's network side.
 */
let node: Served
let staticHost: { server: Server, url: string }
let ipns: string
const PAGE = { archive: 'iana', digits: '20140126200624', url: 'http://www.iana.org/' }
const PUBLIC_APP = 'https://archive.example.org/iparo/'

beforeAll(async () => {
  node = await serve(await ingestIana())
  const list = await (await fetch(`${node.url}api/v1/archives`)).json() as { archives: Array<{ name: string, ipns: string }> }
  ipns = list.archives.find(a => a.name === 'iana')?.ipns ?? ''
  expect(ipns).toMatch(/^k51/)
  staticHost = await serveStatic(join(packageRoot(), 'dist', 'app'))
}, 120_000)
afterAll(async () => {
  await node?.stop()
  if (staticHost != null) await new Promise(resolve => staticHost.server.close(resolve))
})

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.webmanifest': 'application/manifest+json' }

/**
 * `npm run build`'s output on a plain static web host (files or 404, no node). Its `sw-config.js` names
 * the host itself as gateway and router, as its owner would edit it, so the worker asks nothing outside.
 */
async function serveStatic (dir: string): Promise<{ server: Server, url: string }> {
  let origin = ''
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path === '/sw-config.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' })
      res.end(`export default { appOrigins: [], gateways: ['${origin}'], routers: ['${origin}'] }`)
      return
    }
    const file = join(dir, normalize(path === '/' ? '/index.html' : path))
    readFile(file).then(body => {
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' })
      res.end(body)
    }, () => { res.writeHead(404); res.end('not found') })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { server, url: `${origin}/` }
}

/** The settings page's Network section: "Offline" without libp2p, else the dialable addresses; the archive by IPNS name. */
async function checkNetworkSection (page: Page): Promise<void> {
  await page.waitForSelector(NETWORK.ready)
  // the page shows what the node says: offline, or its dialable addresses, each ending in its peer ID
  const said = await (await fetch(`${node.url}api/v1/node`)).json() as { network: { online: boolean, addresses?: string[] } }
  if (!said.network.online) {
    expect(await page.textContent(NETWORK.offline)).toMatch(/^Offline/)
  } else {
    await page.waitForSelector(NETWORK.addresses)
    const shown = await page.locator(NETWORK.addresses).allTextContents()
    expect(shown).toEqual(said.network.addresses)
    for (const a of shown) expect(a).toMatch(/\/p2p\/12D3Koo/)
  }
  await page.waitForSelector(NETWORK.archive('iana'))
  expect(await page.textContent(NETWORK.archive('iana'))).toContain(ipns)
}

describe('share links', () => {
  it('names the IPNS name, says a loopback link works only here, and uses the public app URL once set', async () => {
    const { context } = await launch()
    try {
      const page = await context.newPage()
      await page.setViewportSize({ width: 1280, height: 800 })
      const replay = `#/${PAGE.archive}/${PAGE.digits}/${PAGE.url}`
      await page.goto(`${node.url}${replay}`)
      await shownMemento(page, PAGE.archive, PAGE.digits, PAGE.url)
      await openShare(page)

      const link = await page.inputValue(SHARE.link)
      expect(link).toBe(`${node.url}#/${ipns}/${PAGE.digits}/${PAGE.url}`)
      expect(link).not.toContain(`#/${PAGE.archive}/`)
      expect(await page.getAttribute(SHARE.base, 'data-reach')).toBe('machine')
      expect(await page.textContent(SHARE.reach)).toMatch(/^This link works only on this machine: 127\.0\.0\.1:\d+ is this computer's own address\..*iparo serve --app-url URL.*Public app URL/)
      // the archive is neither announced (the node runs no reachable libp2p node here) nor pinned: no gateway link, and why
      expect(await page.locator(SHARE.gateway).count()).toBe(0)
      expect(await page.getAttribute(SHARE.gatewayWhy, 'data-offered')).toBe('false')
      expect(await page.textContent(SHARE.gatewayWhy)).toMatch(/(offline|does not announce|cannot reach).*iparo pin iana --service URL --token TOKEN/)
      expect(await page.inputValue(SHARE.ipfs)).toMatch(/^ipfs:\/\/baf/)
      await screenshots(page, 'share-local')

      // the settings page: the network section, and the public app URL
      await openApp(page, node.url, '#/app/settings')
      await checkNetworkSection(page)

      await page.fill(NETWORK.appUrl, 'ftp://nope.example/')
      await page.click(NETWORK.appUrlSave)
      await page.getByRole('alert').getByText('"ftp://nope.example/" is not an http:// or https:// URL').waitFor()
      await page.fill(NETWORK.appUrl, PUBLIC_APP)
      await page.click(NETWORK.appUrlSave)
      await page.getByText('Public app URL saved.').waitFor()
      await screenshots(page, 'settings-network', async () => { await page.locator(NETWORK.view).scrollIntoViewIfNeeded() })

      await page.goto(`${node.url}${replay}`)
      await shownMemento(page, PAGE.archive, PAGE.digits, PAGE.url)
      await openShare(page)
      await page.waitForSelector(`${SHARE.base}[data-base="setting"]`)
      expect(await page.inputValue(SHARE.link)).toBe(`${PUBLIC_APP}#/${ipns}/${PAGE.digits}/${PAGE.url}`)
      expect(await page.getAttribute(SHARE.base, 'data-reach')).toBe('anyone')
      expect(await page.locator(SHARE.reach).count()).toBe(0)
      // public now, but the name is published nowhere and the blocks are fetchable from nowhere: said plainly
      expect(await page.locator(`${SHARE.panel} .share-note`).allTextContents()).toEqual(expect.arrayContaining([
        expect.stringMatching(/Others can replay it only once the archive can be fetched/)
      ]))
      await screenshots(page, 'share-public')
    } finally {
      await context.close()
    }
  })

  it('works from a static web host with no node: this page’s address or the setting, and says what it cannot know', async () => {
    const { context } = await launch()
    const requests = recordRequests(context)
    try {
      const page = await context.newPage()
      await page.setViewportSize({ width: 1280, height: 800 })
      const replay = `#/${ipns}/${PAGE.digits}/${PAGE.url}`
      await page.goto(`${staticHost.url}${replay}`)
      await openShare(page)
      expect(await page.inputValue(SHARE.link)).toBe(`${staticHost.url}${replay}`)
      expect(await page.getAttribute(SHARE.base, 'data-base')).toBe('current')
      expect(await page.textContent(SHARE.reach)).toMatch(/^This link works only on this machine/)
      expect(await page.locator(SHARE.gateway).count()).toBe(0)
      // the frame's late report of the page it failed to load would move the app back to it: let it come first
      await page.waitForSelector('replay-view[data-state]:not([data-state="loading"]):not([data-state="idle"])', { timeout: 30_000 })

      await page.goto(`${staticHost.url}#/app/settings`)
      await page.waitForSelector(`${NETWORK.view} #network-none`)
      await page.fill(NETWORK.appUrl, PUBLIC_APP)
      await page.click(NETWORK.appUrlSave)
      await page.getByText('Public app URL saved.').waitFor()
      await page.goto(`${staticHost.url}${replay}`)
      await openShare(page)
      await page.waitForSelector(`${SHARE.base}[data-base="setting"]`)
      expect(await page.inputValue(SHARE.link)).toBe(`${PUBLIC_APP}${replay}`)
      expect(await page.locator(SHARE.reach).count()).toBe(0)
      await requests.settled()
      // nothing asked of any host but the static one
      expect(requests.seen.map(r => new URL(r.url).origin).filter(o => o !== staticHost.url.slice(0, -1))).toEqual([])
    } finally {
      await context.close()
    }
  })
})

describe('share links from a node with libp2p and --app-url', () => {
  let online: Served
  const APP_URL = 'https://node.example/app/'

  beforeAll(async () => {
    // libp2p on loopback only, with an explicit empty bootstrap list: it reaches nobody outside
    online = await serve(await ingestIana(), ['--listen', '/ip4/127.0.0.1/tcp/0', '--bootstrap', '', '--app-url', APP_URL])
  }, 120_000)
  afterAll(async () => { await online?.stop() })

  it('uses the node’s public app URL, lists its addresses, and offers no gateway link while it is reachable only here', async () => {
    const list = await (await fetch(`${online.url}api/v1/archives`)).json() as { archives: Array<{ name: string, ipns: string }> }
    const name = list.archives.find(a => a.name === 'iana')?.ipns ?? ''
    expect(online.libp2p.length).toBeGreaterThan(0)
    const { context } = await launch()
    try {
      const page = await context.newPage()
      await page.setViewportSize({ width: 1280, height: 800 })
      await page.goto(`${online.url}#/${PAGE.archive}/${PAGE.digits}/${PAGE.url}`)
      await shownMemento(page, PAGE.archive, PAGE.digits, PAGE.url)
      await openShare(page)
      expect(await page.inputValue(SHARE.link)).toBe(`${APP_URL}#/${name}/${PAGE.digits}/${PAGE.url}`)
      expect(await page.getAttribute(SHARE.base, 'data-base')).toBe('node')
      expect(await page.locator(SHARE.reach).count()).toBe(0)
      // the node runs libp2p on loopback only: whatever it announces, no one outside can fetch from it
      expect(await page.locator(SHARE.gateway).count()).toBe(0)
      expect(await page.textContent(SHARE.gatewayWhy)).toMatch(/cannot reach it|does not announce/)

      await openApp(page, online.url, '#/app/settings')
      await page.waitForSelector(NETWORK.ready)
      await page.waitForSelector(NETWORK.addresses)
      expect(await page.locator(NETWORK.addresses).allTextContents()).toEqual(online.libp2p)
      expect(await page.getAttribute(NETWORK.reachability, 'data-status')).toBe('private')
      expect(await page.textContent('app-settings share-settings #node-app-url')).toContain(APP_URL)
      await screenshots(page, 'settings-network-online', async () => { await page.locator(NETWORK.view).scrollIntoViewIfNeeded() })
    } finally {
      await context.close()
    }
  })
})
