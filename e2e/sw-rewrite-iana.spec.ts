import { SCREENSHOTS } from './support/app-page.ts'
import { mkdirSync } from 'node:fs'
import type { BrowserContext, Frame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FromHost } from '../src/messages/replay-messages.ts'
import { hostFrame, launch, openInApp, recordRequests } from './support/browser.ts'
import { ingestIana, serve, type Served } from './support/iparo-process.ts'

/**
 * The iana.org home page and three inner pages, reached by clicking the page's own (rewritten) links,
 * replay with every request on the replay origin and no console error; the client script reports each
 * page to the app. A screenshot of each goes to test-results/screenshots/.
 */
let node: Served
let context: BrowserContext
const SHOTS = SCREENSHOTS
const HOME = '/iana/20140126200624/http://www.iana.org/'
type PageReport = Extract<FromHost, { type: 'page' }>

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  node = await serve(await ingestIana())
  ;({ context } = await launch())
}, 120_000)
afterAll(async () => { await context.close(); await node.stop() })

/** Every page report the app's window hears from the replay host, kept from the app's first script on. */
async function listenForReports (page: Page): Promise<void> {
  await page.addInitScript(() => {
    if (window.parent !== window) return
    const reports: unknown[] = []
    ;(window as unknown as { reports: unknown[] }).reports = reports
    window.addEventListener('message', (event: MessageEvent<{ type?: string }>) => { if (event.data?.type === 'page') reports.push(event.data) })
  })
}

/** Resolves with the replayed frame once the client script has reported `url` and the frame has loaded. */
async function reported (page: Page, url: string): Promise<{ frame: Frame, report: PageReport }> {
  const handle = await page.mainFrame().waitForFunction((u) => (window as unknown as { reports: PageReport[] }).reports.findLast(r => r.url === u), url)
  const report = await handle.jsonValue() as PageReport
  const frame = page.frames().find(f => new URL(f.url()).pathname === report.page)
  if (frame == null) throw new Error(`no frame shows ${report.page}`)
  await frame.waitForLoadState('load')
  return { frame, report }
}

describe('rewritten replay of iana.org in the service worker', () => {
  it('replays the home page and three inner pages reached by its links, all on the replay origin, with no console error', async () => {
    const page = await context.newPage()
    await page.setViewportSize({ width: 960, height: 640 })
    const requests = recordRequests(context)
    const errors: string[] = []
    page.on('console', m => { if (m.type() === 'error') errors.push(`${m.location().url}: ${m.text()}`) })
    page.on('pageerror', e => { errors.push(String(e)) })

    // the app's own window hears the relayed reports (it is the host frame's parent)
    await listenForReports(page)
    await openInApp(page, node.url, node.replayUrl, HOME)
    const steps: Array<{ name: string, frame: Frame, report: PageReport }> = []
    // the replay frame is one frame navigated from page to page: each is checked and shot while shown
    const shown = async (name: string, url: string): Promise<void> => {
      const step = { name, ...await reported(page, url) }
      expect(step.report.title.length, name).toBeGreaterThan(0)
      expect(await step.frame.evaluate(() => document.title)).toBe(step.report.title)
      await (await step.frame.frameElement()).screenshot({ path: `${SHOTS}iana-${name}.png` })
      steps.push(step)
    }
    await shown('home', 'http://www.iana.org/')
    expect(steps[0]?.report).toMatchObject({ title: 'Internet Assigned Numbers Authority', datetime: '20140126200624' })

    for (const [name, path] of [['domains', '/domains'], ['numbers', '/numbers'], ['about', '/about']] as const) {
      const previous = steps.at(-1)
      if (previous == null) throw new Error('no page to click from')
      const link = previous.frame.locator(`a[href$="http://www.iana.org${path}"]`).first()
      // the link was rewritten into a URI-M of the archive by the worker
      expect(await link.getAttribute('href')).toMatch(new RegExp(`^/iana/${previous.report.datetime}mp_/http://www\\.iana\\.org${path}$`))
      await link.click()
      await shown(name, `http://www.iana.org${path}`)
    }

    await requests.settled()
    const replay = new URL(node.replayUrl).origin
    // the replay origin's worker and the replayed pages (the app's origin has a worker of its own, for the app's files)
    const fromReplayed = requests.seen.filter(r => r.workerOrigin === replay || r.frameUrl?.startsWith(`${replay}/iana/`) === true)
    expect(fromReplayed.length).toBeGreaterThan(20)
    for (const r of fromReplayed) expect(new URL(r.url).origin, r.url).toBe(replay)
    for (const r of requests.seen.filter(r => r.byWorker)) expect(new URL(r.url).origin, r.url).toBe(r.workerOrigin)
    // nothing even tried to leave: no request refused by the CSP
    for (const r of requests.seen) expect(r.failure ?? '', r.url).not.toMatch(/csp|BLOCKED/i)
    expect(errors).toEqual([])
    expect(steps.map(s => s.report.url)).toEqual(['http://www.iana.org/', 'http://www.iana.org/domains', 'http://www.iana.org/numbers', 'http://www.iana.org/about'])
    await page.close()
  })

  it('keeps script-made requests and navigations in the archive', async () => {
    const page = await context.newPage()
    const frame = await openInApp(page, node.url, node.replayUrl, HOME)
    const state = await frame.evaluate(async () => {
      const fetched = await fetch('http://www.iana.org/_css/2013.1/screen.css')
      const img = document.createElement('img')
      img.src = 'http://www.iana.org/_img/2013.1/iana-logo-homepage.png'
      const a = document.createElement('a')
      a.setAttribute('href', '/about')
      history.pushState(null, '', '/pushed?x=1')
      let socket = 'open'
      await new Promise<void>((resolve) => { const ws = new WebSocket('ws://www.iana.org/live'); ws.onclose = () => { socket = 'refused'; resolve() } })
      const xhr = await new Promise<number>((resolve) => {
        const r = new XMLHttpRequest()
        r.open('GET', 'https://www.iana.org/_js/2013.1/jquery.js')
        r.onloadend = () => { resolve(r.status) }
        r.send()
      })
      const div = document.createElement('div')
      div.innerHTML = '<img src="//www.iana.org/x.png"><a href="http://www.iana.org/y" target="_top">y</a>'
      const worker = await navigator.serviceWorker.register('/sw-of-the-archived-site.js').then(() => 'registered', (e: Error) => e.name)
      return {
        fetched: fetched.status, fetchedUrl: fetched.url, img: img.getAttribute('src'), a: a.getAttribute('href'), at: location.pathname + location.search,
        socket, xhr, inner: div.innerHTML, worker
      }
    })
    expect(state).toEqual({
      fetched: 200,
      fetchedUrl: expect.stringMatching(/\/iana\/\d{14}\/http:\/\/www\.iana\.org\/_css\/2013\.1\/screen\.css$/),
      img: '/iana/20140126200624im_/http://www.iana.org/_img/2013.1/iana-logo-homepage.png',
      a: '/iana/20140126200624mp_/http://www.iana.org/about',
      at: '/iana/20140126200624mp_/http://www.iana.org/pushed?x=1',
      socket: 'refused',
      xhr: 200,
      inner: '<img src="/iana/20140126200624im_/http://www.iana.org/x.png"><a href="/iana/20140126200624mp_/http://www.iana.org/y" target="_self">y</a>',
      worker: 'SecurityError'
    })
    // a location assignment to the live site lands on the URI-M instead
    const about = page.waitForEvent('framenavigated', { predicate: f => f.url().includes('http://www.iana.org/about') && f.url().startsWith(node.replayUrl.replace(/\/$/, '')) })
    await hostFrame(page).childFrames()[0]?.evaluate(() => { location.href = 'http://www.iana.org/about' })
    expect(new URL((await about).url()).pathname).toMatch(/^\/iana\/\d+(mp_)?\/http:\/\/www\.iana\.org\/about$/)
    await page.close()
  })
})
