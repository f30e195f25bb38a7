import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { frameLoading, launch, recordRequests } from './support/browser.ts'
import { listState, openApp, waitForHash } from './support/app-page.ts'
import { FIXTURES, fresh, iparo, json, serve, type Served } from './support/iparo-process.ts'

/**
 * An archive made with `ingest --as-file` (one whole-file IPARO, an empty URL map) in the app: its page
 * list comes from the file's index, and its pages replay in the frame through the service worker.
 */
let node: Served

beforeAll(async () => {
  const data = fresh()
  const ingest = await iparo(['ingest', '--as-file', `${FIXTURES}pywb/iana.warc.gz`, '--archive', 'iana', '--json', '--data', data])
  if (ingest.code !== 0) throw new Error(ingest.stderr)
  const files = json(ingest).files as Array<{ indexed: number }>
  expect(files[0]?.indexed).toBe(171)
  node = await serve(data)
}, 120_000)
afterAll(async () => { await node?.stop() })

describe('a whole-file archive in the app', () => {
  it('lists the file\'s URLs and replays one through the service worker', async () => {
    const { context } = await launch()
    const requests = recordRequests(context)
    try {
      const page = await context.newPage()
      await page.setViewportSize({ width: 1280, height: 800 })
      await openApp(page, node.url, '#/iana?view=all')
      await page.getByRole('heading', { name: 'iana', level: 1 }).waitFor()
      // the summary counts the file's indexed records (the URL map is empty)
      await page.locator('archive-view dl').getByText('171', { exact: true }).waitFor()
      // the 31 URLs of the crawl's 171 indexed records, as normal ingest of the same file lists them
      await page.waitForFunction(() => Number(document.querySelector('iparo-app')?.shadowRoot?.querySelector('archive-view')?.shadowRoot?.querySelector<HTMLElement>('page-list')?.dataset.length) === 31)
      const list = await listState(page)
      expect(list.first).toBe('#/iana/20140126200624/http://www.iana.org/')

      // a text search reads the file's URLs too
      await page.getByRole('searchbox').fill('time-zones')
      const row = page.locator('page-list a.row', { hasText: 'http://www.iana.org/time-zones' })
      await row.waitFor()

      await page.getByRole('searchbox').fill('')
      const home = page.locator('page-list a.row[href="#/iana/20140126200624/http://www.iana.org/"]')
      await home.waitFor()
      const uriM = '/iana/20140126200624/http://www.iana.org/'
      const loaded = frameLoading(page, new URL(uriM, node.replayUrl).href)
      await home.click()
      const frame = await loaded
      expect(await waitForHash(page, h => h.includes('/http'))).toBe(`#${uriM}`)
      await page.locator('replay-view #memento-datetime').getByText('2014-01-26 20:06:24 UTC').waitFor()
      const replayed = await frame.evaluate(async () => {
        await document.fonts.ready
        const logo = document.querySelector<HTMLImageElement>('img[src$="icann-logo.svg"]')
        return { title: document.title, logoWidth: logo?.naturalWidth ?? 0, jquery: typeof (window as unknown as { jQuery?: unknown }).jQuery }
      })
      expect(replayed).toEqual({ title: 'Internet Assigned Numbers Authority', logoWidth: expect.any(Number) as number, jquery: 'function' })
      expect(replayed.logoWidth).toBeGreaterThan(0)
      await requests.settled()
      // the page and everything it loaded were answered by the replay origin's worker (the core replay
      // handler over the file's blocks), never by the node's own replay route
      const fromFrame = requests.seen.filter(r => r.frameUrl === frame.url() && !r.byWorker)
      const paths = fromFrame.map(r => new URL(r.url).pathname)
      for (const expected of ['_css/2013.1/screen.css', '_img/2013.1/icann-logo.svg']) {
        expect(paths.some(p => p.endsWith(expected)), expected).toBe(true)
      }
      const navigation = requests.seen.filter(r => r.url === new URL(uriM, node.replayUrl).href && !r.byWorker)
      expect(navigation.map(r => ({ status: r.status, sw: r.fromServiceWorker }))).toEqual([{ status: 200, sw: true }])
      for (const r of fromFrame) expect({ url: r.url, sw: r.fromServiceWorker }).toEqual({ url: r.url, sw: true })
    } finally {
      await context.close()
    }
  })
})
