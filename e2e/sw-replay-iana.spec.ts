import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, openInApp, recordRequests } from './support/browser.ts'
import { FIXTURES, fresh, iparo, serve, type Served } from './support/iparo-process.ts'

/** pywb's iana.org crawl, replayed by the service worker in Chromium: page, styles, fonts, images. */
let node: Served
let context: BrowserContext

beforeAll(async () => {
  const data = fresh()
  const ingest = await iparo(['ingest', `${FIXTURES}pywb/iana.warc.gz`, '--archive', 'iana', '--data', data])
  if (ingest.code !== 0) throw new Error(ingest.stderr)
  node = await serve(data)
  ;({ context } = await launch())
}, 120_000)
afterAll(async () => { await context.close(); await node.stop() })

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
})
