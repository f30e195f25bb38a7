import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch } from './support/browser.ts'
import { ARCHIVE_LIST, openApp, WIDTHS } from './support/app-page.ts'
import { ingestIana, serve, type Served } from './support/iparo-process.ts'

/** A search of the archive view in the address (issue 21, part 4): shared, bookmarked, Back and Forward. */
let node: Served

beforeAll(async () => {
  node = await serve(await ingestIana())
}, 120_000)
afterAll(async () => { await node?.stop() })

// three titles hold "IANA — Root" (an em dash: non-ASCII, with spaces); the archive keeps them in URL order
const SEARCH = '#/iana?q=iana+%E2%80%94+root'
const BY_URL = 'IANA — Root Zone Management'
const NEWEST = 'IANA — Root Servers'

/** Waits until the list shows `status` with `first` as its first row, and the form shows `q` and `sort`. */
async function listShows (page: Page, want: { status: RegExp, first?: string, q: string, sort: string }): Promise<void> {
  await page.locator(ARCHIVE_LIST.status).getByText(want.status).waitFor()
  if (want.first != null) await page.locator(ARCHIVE_LIST.firstTitle).getByText(want.first, { exact: true }).waitFor()
  expect(await page.inputValue(ARCHIVE_LIST.search)).toBe(want.q)
  expect(await page.inputValue(ARCHIVE_LIST.sort)).toBe(want.sort)
}

const hashIs = async (page: Page, hash: string): Promise<unknown> => page.waitForFunction(h => location.hash === h, hash, { timeout: 10_000 })

describe('the archive search in the address', () => {
  it('opens a search from the address, writes the order to it, and goes Back and Forward between searches', async () => {
    const { context } = await launch()
    try {
      const page = await context.newPage()
      await page.setViewportSize(WIDTHS.wide)
      await openApp(page, node.url, SEARCH)
      await listShows(page, { status: /^3 matches \(searched/, first: BY_URL, q: 'iana — root', sort: 'url-asc' })
      // the view is never reopened from here on: the mark stays
      await page.locator(ARCHIVE_LIST.view).evaluate((v: HTMLElement) => { v.dataset.mark = 'first' })

      // a deliberate change of order: a new history entry with the order in it
      await page.selectOption(ARCHIVE_LIST.sort, 'newest')
      await hashIs(page, `${SEARCH}&sort=newest`)
      await listShows(page, { status: /^3 pages$/, first: NEWEST, q: 'iana — root', sort: 'newest' })

      await page.goBack()
      await hashIs(page, SEARCH)
      await listShows(page, { status: /^3 matches/, first: BY_URL, q: 'iana — root', sort: 'url-asc' })
      await page.goForward()
      await hashIs(page, `${SEARCH}&sort=newest`)
      await listShows(page, { status: /^3 pages$/, first: NEWEST, q: 'iana — root', sort: 'newest' })

      // typing another search: one new entry, its words escaped (`&`, `#`, spaces), the order kept
      await page.fill(ARCHIVE_LIST.search, 'a&b #c')
      await hashIs(page, '#/iana?q=a%26b+%23c&sort=newest')
      await listShows(page, { status: /^0 pages$/, q: 'a&b #c', sort: 'newest' })
      await page.fill(ARCHIVE_LIST.search, 'time zone')
      await hashIs(page, '#/iana?q=time+zone&sort=newest')
      await listShows(page, { status: /^1 page$/, first: 'IANA — Time Zone Database', q: 'time zone', sort: 'newest' })
      await page.goBack()
      await hashIs(page, `${SEARCH}&sort=newest`)
      await listShows(page, { status: /^3 pages$/, first: NEWEST, q: 'iana — root', sort: 'newest' })

      // parameters it does not know, or cannot read: the archive's pages (16 of its 31 URLs) in the default order, no error
      await page.goto(`${node.url}#/iana?sort=sideways&colour=%%&q`)
      await listShows(page, { status: /^16 pages \(searched 31 URLs\)$/, q: '', sort: 'url-asc' })
      expect(await page.locator(`${ARCHIVE_LIST.view} [role=alert]`).count()).toBe(0)
      expect(await page.locator(ARCHIVE_LIST.view).evaluate((v: HTMLElement) => v.dataset.mark)).toBe('first')
    } finally {
      await context.close()
    }
  })
})
