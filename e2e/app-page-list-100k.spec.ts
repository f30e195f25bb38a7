import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { syntheticPage } from '../src/core/archive/synthetic-archive.test-support.ts'
import { launch } from './support/browser.ts'
import { listState, openApp, screenshots } from './support/app-page.ts'
import { fresh, serve, type Served } from './support/iparo-process.ts'
import { addSyntheticArchive } from './support/synthetic-archive.ts'

/** The page list of a 100,000-page archive: windows fetched as it scrolls, rows in the DOM bounded. */
const N = 100_000
/** the rows a 800 px list shows plus the overscan on both sides, with room to spare */
const MAX_ROWS = 40
let node: Served

beforeAll(async () => {
  const data = fresh()
  await addSyntheticArchive(data, 'big', N)
  node = await serve(data)
}, 180_000)
afterAll(async () => { await node.stop() })

const inList = (page: Page): ReturnType<Page['locator']> => page.locator('page-list')

/** Scrolls the list's viewport to a fraction of its height and waits until the rows there have arrived. */
async function scrollTo (page: Page, fraction: number): Promise<void> {
  await inList(page).evaluate(async (list: HTMLElement, f: number) => {
    const viewport = list.shadowRoot?.querySelector('.viewport')
    if (viewport == null) throw new Error('no viewport')
    viewport.scrollTop = (viewport.scrollHeight - viewport.clientHeight) * f
    // the list reads the scroll position in the next frame, then renders the rows there
    await new Promise(resolve => { requestAnimationFrame(() => { requestAnimationFrame(resolve) }) })
    await (list as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete
  }, fraction)
  await page.waitForFunction(() => {
    const list = document.querySelector('iparo-app')?.shadowRoot?.querySelector('archive-view')?.shadowRoot?.querySelector<HTMLElement>('page-list')
    const rows = [...(list?.shadowRoot?.querySelectorAll('.row') ?? [])]
    return rows.length > 0 && rows.every(r => r.tagName === 'A')
  })
}

describe('the page list at 100,000 pages', () => {
  it('jumps to the middle and the end fetching windows, never every page, with the DOM bounded', async () => {
    const { context } = await launch()
    try {
      const page = await context.newPage()
      await page.setViewportSize({ width: 1280, height: 800 })
      const started = Date.now()
      // all URLs: the view listed by position (the pages view scans, so it has no total)
      await openApp(page, node.url, '#/big?view=all')
      const hostReady = Date.now() - started
      await page.waitForFunction(() => {
        const list = document.querySelector('iparo-app')?.shadowRoot?.querySelector('archive-view')?.shadowRoot?.querySelector<HTMLElement>('page-list')
        return list?.shadowRoot?.querySelector('a.row') != null
      })
      const firstRows = Date.now() - started
      await page.getByRole('heading', { name: '100,000 synthetic pages' }).waitFor()
      const top = await listState(page)
      expect(top.length).toBe(N)
      expect(top.rows).toBeLessThanOrEqual(MAX_ROWS)
      // each row opens the page's latest capture (last: 2020-06-01T12:00:00Z for page 0)
      expect(top.first).toBe(`#/big/20200601120000/${syntheticPage(0).entry.url}`)

      await scrollTo(page, 0.5)
      const middle = await listState(page)
      expect(middle.rows).toBeLessThanOrEqual(MAX_ROWS)
      expect(middle.first).toMatch(/host004[89]\.example\.com|host0050\.example\.com/)

      await scrollTo(page, 1)
      const end = await listState(page)
      expect(end.rows).toBeLessThanOrEqual(MAX_ROWS)
      expect(end.last).toContain(syntheticPage(N - 1).entry.url)

      // a sweep through the whole list in 50 steps, a frame apart: rows stay bounded, windows stay few
      let maxRows = 0
      for (let step = 0; step <= 50; step++) {
        maxRows = Math.max(maxRows, await inList(page).evaluate((list: HTMLElement, f: number) => {
          const viewport = list.shadowRoot?.querySelector('.viewport')
          if (viewport != null) viewport.scrollTop = (viewport.scrollHeight - viewport.clientHeight) * f
          return new Promise<number>(resolve => { requestAnimationFrame(() => { requestAnimationFrame(() => { resolve(list.shadowRoot?.querySelectorAll('.row').length ?? 0) }) }) })
        }, step / 50))
      }
      await scrollTo(page, 1)
      const swept = await listState(page)
      expect(maxRows).toBeLessThanOrEqual(MAX_ROWS)
      // at most the two windows (100 rows each) that each of the 51 positions spans, of the list's 1,000
      expect(swept.requests).toBeLessThanOrEqual(end.requests + 2 * 51)
      console.log(`page list at ${N}: host ready ${hostReady} ms, first rows ${firstRows} ms after navigation; rows in DOM top/middle/end/max ${top.rows}/${middle.rows}/${end.rows}/${maxRows}; ` +
        `windows fetched: top ${top.requests}, after middle ${middle.requests}, after end ${end.requests}, after a 50-step sweep ${swept.requests}`)

      await scrollTo(page, 0.5)
      await screenshots(page, 'archive-100k', async () => { await scrollTo(page, 0.5) })

      // Z → A: the last page first; a host prefix: its 1,000 pages
      await page.getByLabel('Sort').selectOption('url-desc')
      await page.waitForFunction(() => {
        const list = document.querySelector('iparo-app')?.shadowRoot?.querySelector('archive-view')?.shadowRoot?.querySelector<HTMLElement>('page-list')
        return list?.shadowRoot?.querySelector('a.row')?.getAttribute('href')?.includes('host0099.example.com/page/0999') === true
      })
      await page.getByLabel('Sort').selectOption('url-asc')
      await page.getByRole('searchbox').fill('host0042.example.com')
      await page.waitForFunction(() => {
        const list = document.querySelector('iparo-app')?.shadowRoot?.querySelector('archive-view')?.shadowRoot?.querySelector<HTMLElement>('page-list')
        return list?.dataset.length === '1000' && list.shadowRoot?.querySelector('a.row')?.getAttribute('href')?.includes('host0042.example.com/page/0000') === true
      })
      // other orders work on narrowed lists (the whole host's 1,000 pages fetched, then sorted), not on all 100,000
      await page.getByLabel('Sort').selectOption('captures')
      await page.locator('page-list a.row').first().getByText('5 captures').waitFor()
      await page.getByRole('searchbox').fill('')
      await page.locator('page-list').getByRole('alert').getByText(/^Only lists of up to 1,000 URLs can be sorted this way/).waitFor()
    } finally {
      await context.close()
    }
  })
})
