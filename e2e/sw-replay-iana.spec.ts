import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { askWorker, launch, openInApp, recordRequests } from './support/browser.ts'
import { ingestIana, iparo, json, serve, type Served } from './support/iparo-process.ts'

/** pywb's iana.org crawl, replayed by the service worker in Chromium: page, styles, fonts, images. */
let node: Served
let data: string
let context: BrowserContext

beforeAll(async () => {
  data = await ingestIana()
  node = await serve(data)
  ;({ context } = await launch())
}, 120_000)
afterAll(async () => { await context.close(); await node.stop() })

async function titleAt (appUrl: string, replayUrl: string, uriM: string): Promise<string> {
  const page = await context.newPage()
  try {
    return await (await openInApp(page, appUrl, replayUrl, uriM)).evaluate(() => document.title)
  } finally {
    await page.close()
  }
}

const HOME = '/iana/20140126200624/http://www.iana.org/'

describe('replay in the service worker (iana.org)', () => {
  it('the app and the replay frame are on two origins', () => {
    expect(new URL(node.replayUrl).origin).not.toBe(new URL(node.url).origin)
  })

  it('replays the home page with its CSS, fonts and images, every subresource a 200 from the worker', async () => {
    const page = await context.newPage()
    const requests = recordRequests(context)
    const frame = await openInApp(page, node.url, node.replayUrl, HOME)
    const replayed = await frame.evaluate(async () => {
      await document.fonts.ready
      const logo = document.querySelector<HTMLImageElement>('img[src$="icann-logo.svg"]')
      return {
        title: document.title,
        bodyFont: getComputedStyle(document.body).fontFamily,
        headerBackground: getComputedStyle(document.querySelector('#header .logo') ?? document.body).backgroundImage,
        fontsLoaded: [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family),
        logoWidth: logo?.naturalWidth ?? 0,
        jquery: typeof (window as unknown as { jQuery?: unknown }).jQuery
      }
    })
    expect(replayed.title).toBe('Internet Assigned Numbers Authority')
    expect(replayed.bodyFont).toMatch(/^"Open Sans"/)
    expect(replayed.fontsLoaded).toContain('Open Sans')
    expect(replayed.logoWidth).toBeGreaterThan(0)
    expect(replayed.jquery).toBe('function')
    await requests.settled()

    const fromPage = requests.seen.filter(r => r.frameUrl === frame.url() && !r.byWorker)
    const final = fromPage.filter(r => r.status == null || r.status < 300 || r.status >= 400)
    const paths = final.map(r => new URL(r.url).pathname)
    for (const expected of ['_css/2013.1/screen.css', '_js/2013.1/jquery.js', '_img/2013.1/icann-logo.svg', '_img/2013.1/iana-logo-homepage.png', '_css/2013.1/fonts/OpenSans-Regular.ttf']) {
      expect(paths.some(p => p.endsWith(expected)), expected).toBe(true)
    }
    for (const r of fromPage) expect({ url: r.url, fromSw: r.fromServiceWorker }).toEqual({ url: r.url, fromSw: true })
    for (const r of final) expect({ url: r.url, status: r.status }).toEqual({ url: r.url, status: 200 })
    await page.close()
  })

  it('opens the archive by IPNS name (resolved by Helia over delegated routing) and by root CID', async () => {
    const info = json(await iparo(['archive', 'info', 'iana', '--json', '--data', data]))
    for (const archive of [String(info.ipns), String(info.root)]) {
      expect(await titleAt(node.url, node.replayUrl, `/${archive}/20140126200624/http://www.iana.org/`)).toBe('Internet Assigned Numbers Authority')
    }
  })

  it('works with one origin only (--replay-port none)', async () => {
    const single = await serve(data, ['--replay-port', 'none'])
    try {
      expect(single.replayUrl).toBe(single.url)
      expect(await titleAt(single.url, single.replayUrl, HOME)).toBe('Internet Assigned Numbers Authority')
    } finally {
      await single.stop()
    }
  })

  it('accounts for the cache and evicts unsaved blocks beyond the quota', async () => {
    const page = await context.newPage()
    await openInApp(page, node.url, node.replayUrl, HOME)
    const { answer: before } = await askWorker(page, node.replayUrl, { type: 'stats' })
    if (before.type !== 'stats') throw new Error(JSON.stringify(before))
    expect(before.stats.bytes).toBeGreaterThan(300_000)
    const quotaBytes = 100_000
    await askWorker(page, node.replayUrl, { type: 'settings' }, { quotaBytes })
    const other = await openInApp(page, node.url, node.replayUrl, '/iana/20140126200912/http://www.iana.org/domains/root')
    expect(await other.evaluate(() => document.title)).toMatch(/Root Zone/)
    const { answer: after } = await askWorker(page, node.replayUrl, { type: 'stats' })
    if (after.type !== 'stats') throw new Error(JSON.stringify(after))
    expect(after.stats.bytes).toBeLessThanOrEqual(quotaBytes)
    expect(after.stats.blocks).toBeLessThan(before.stats.blocks)
    await page.close()
  })
})
