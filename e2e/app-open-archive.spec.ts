import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { frameLoading, launch } from './support/browser.ts'
import { listState, openApp, screenshots, waitForHash } from './support/app-page.ts'
import { ingestIana, iparo, json, serve, type Served } from './support/iparo-process.ts'

/** The researcher's first steps: open an archive by its IPNS name, find a page, replay it. */
let node: Served
let ipns: string

beforeAll(async () => {
  const data = await ingestIana()
  ipns = String(json(await iparo(['archive', 'info', 'iana', '--json', '--data', data])).ipns)
  node = await serve(data)
}, 120_000)
afterAll(async () => { await node.stop() })

describe('opening an archive in the app', () => {
  it('opens by IPNS name, lists and searches pages, and replays the page clicked', async () => {
    expect(ipns).toMatch(/^k51/)
    const { context } = await launch()
    try {
      const page = await context.newPage()
      await page.setViewportSize({ width: 1280, height: 800 })
      await openApp(page, node.url)
      await page.locator('archive-home').getByText('iana', { exact: true }).waitFor()
      await screenshots(page, 'home')

      await page.getByLabel(/^Archive name, IPNS name/).fill(`ipns://${ipns}/`)
      await page.getByRole('button', { name: 'Open' }).click()
      expect(await waitForHash(page, h => h.length > 3)).toBe(`#/${ipns}`)
      // the manifest, read through the replay origin's worker
      await page.getByRole('heading', { name: 'iana', level: 1 }).waitFor()
      await page.locator('archive-view dl').getByText('171', { exact: true }).waitFor()
      await page.waitForFunction(() => Number(document.querySelector('iparo-app')?.shadowRoot?.querySelector('archive-view')?.shadowRoot?.querySelector<HTMLElement>('page-list')?.dataset.length) === 16)
      // the archive's 16 pages (not its fonts and stylesheets); only the rows in view are in the DOM, the first one the archive's first URL
      const list = await listState(page)
      expect(list.rows).toBeGreaterThan(5)
      expect(list.rows).toBeLessThanOrEqual(16)
      expect(list.first).toBe(`#/${ipns}/20140126200624/http://www.iana.org/`)

      // keyboard: from the search field, Tab reaches the view, the sort, the list and its first row; arrows walk the rows; / comes back
      await page.getByRole('searchbox').focus()
      for (let i = 0; i < 4; i++) await page.keyboard.press('Tab')
      await page.keyboard.press('ArrowDown')
      await page.keyboard.press('ArrowDown')
      expect(await page.locator('page-list').evaluate((l: HTMLElement) => l.shadowRoot?.activeElement?.getAttribute('aria-posinset'))).toBe('3')
      await page.keyboard.press('/')
      expect(await page.locator('archive-view').evaluate((v: HTMLElement) => v.shadowRoot?.activeElement?.getAttribute('type'))).toBe('search')

      await page.getByRole('searchbox').fill('about the internet')
      const row = page.locator('page-list a.row', { hasText: 'About the Internet Assigned Numbers Authority' })
      await row.waitFor()
      await page.waitForFunction(() => document.querySelector('iparo-app')?.shadowRoot?.querySelector('archive-view')?.shadowRoot?.querySelector<HTMLElement>('page-list')?.shadowRoot?.querySelectorAll('a.row').length === 1)
      await screenshots(page, 'archive-search')

      const uriM = `/${ipns}/20140126200706/http://www.iana.org/about`
      const loaded = frameLoading(page, new URL(uriM, node.replayUrl).href)
      await row.click()
      const frame = await loaded
      expect(await waitForHash(page, h => h.includes('/http'))).toBe(`#${uriM}`)
      expect(await frame.title()).toBe('IANA — About the Internet Assigned Numbers Authority')
      expect(await page.locator('replay-view').isVisible()).toBe(true)
      expect(await page.locator('archive-view').count()).toBe(0)
      // the banner names the memento's datetime (once the archive's TimeMap is read)
      await page.locator('replay-view #memento-datetime').getByText('2014-01-26 20:07:06 UTC').waitFor()

      await screenshots(page, 'replay')

      // back returns to the list, the frame stays where it is (never reloaded by the shell)
      await page.goBack()
      await page.getByRole('heading', { name: 'iana', level: 1 }).waitFor()
      expect(await page.locator('replay-view').isVisible()).toBe(false)

      // an archive nobody has: a sentence, not a blank page
      await page.goto(`${node.url}#/no-such-archive`)
      await page.locator('archive-view').getByRole('alert').getByText(/^Not found: /).waitFor()
    } finally {
      await context.close()
    }
  })
})
