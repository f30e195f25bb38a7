import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, openInApp, openInHost, recordRequests } from './support/browser.ts'
import { ingestIana, serve, type Served } from './support/iparo-process.ts'

/** The browser stops idle service workers at will: the next request starts a new one from nothing (no Helia, no memory). */
let node: Served
let context: BrowserContext

beforeAll(async () => {
  const data = await ingestIana()
  node = await serve(data)
  ;({ context } = await launch())
}, 120_000)
afterAll(async () => { await context.close(); await node.stop() })

interface VersionsUpdated { versions: Array<{ runningStatus: string, scriptURL: string }> }

describe('the service worker stopped mid-session', () => {
  it('answers the next requests with a fresh worker', async () => {
    const page = await context.newPage()
    const first = await openInApp(page, node.url, node.replayUrl, '/iana/20140126200624/http://www.iana.org/')
    expect(await first.evaluate(() => document.title)).toBe('Internet Assigned Numbers Authority')

    const cdp = await context.newCDPSession(page)
    const statuses: string[] = []
    const waiters: Array<{ status: string, resolve: () => void }> = []
    const reached = async (status: string): Promise<void> => {
      if (statuses.at(-1) === status) return
      await new Promise<void>(resolve => { waiters.push({ status, resolve }) })
    }
    cdp.on('ServiceWorker.workerVersionUpdated', (event: VersionsUpdated) => {
      for (const v of event.versions) {
        if (!v.scriptURL.endsWith('/sw.js')) continue
        statuses.push(v.runningStatus)
        for (const w of waiters.filter(w => w.status === v.runningStatus)) w.resolve()
      }
    })
    const reported = new Promise<void>(resolve => { waiters.push({ status: 'running', resolve }, { status: 'stopped', resolve }) })
    await cdp.send('ServiceWorker.enable')
    await reported
    // An idle worker may already be stopped by the browser; a running one is stopped now.
    if (statuses.at(-1) !== 'stopped') {
      await cdp.send('ServiceWorker.stopAllWorkers')
      await reached('stopped')
    }

    const requests = recordRequests(context)
    const next = await openInHost(page, node.replayUrl, '/iana/20140126200912/http://www.iana.org/domains/root')
    const state = await next.evaluate(() => ({ title: document.title, font: getComputedStyle(document.body).fontFamily }))
    expect(state.title).toMatch(/Root Zone/)
    expect(state.font).toMatch(/^"Open Sans"/)
    await requests.settled()
    const fromPage = requests.seen.filter(r => !r.byWorker && r.frameUrl === next.url())
    expect(fromPage.length).toBeGreaterThan(3)
    for (const r of fromPage) expect({ url: r.url, sw: r.fromServiceWorker, ok: r.status != null && r.status < 400 }).toEqual({ url: r.url, sw: true, ok: true })
    expect(statuses.at(-1)).toBe('running')
    await page.close()
  })
})
