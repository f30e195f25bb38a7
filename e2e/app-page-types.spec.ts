import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch } from './support/browser.ts'
import { ARCHIVE_LIST, openApp, screenshots, waitForHash, WIDTHS } from './support/app-page.ts'
import { ingestIana, serve, type Served } from './support/iparo-process.ts'

/** Pages apart from resources (issue 21, part 2): the archive view lists pages; all URLs filter by type. */
let node: Served

beforeAll(async () => {
  node = await serve(await ingestIana())
}, 120_000)
afterAll(async () => { await node?.stop() })

interface Row { url: string, type: string, heading: string }

/** The rows the list shows once its status reads `status` (a settled list: no "so far"). */
async function rowsOnceListed (page: Page, status: RegExp): Promise<Row[]> {
  await page.locator(ARCHIVE_LIST.status).getByText(status).waitFor()
  return page.locator(ARCHIVE_LIST.rows).evaluateAll((rows: HTMLElement[]) => rows.map(r => ({
    url: r.getAttribute('title') ?? '',
    type: r.dataset.type ?? '',
    heading: r.querySelector('.title')?.textContent ?? ''
  })))
}

const RESOURCE = /\.(ttf|otf|css|js|svg|png|ico)$/

describe('the archive view\'s pages and the all URLs view by type', () => {
  it('lists the iana.org pages and not its fonts and stylesheets; all URLs filtered to fonts lists the fonts', async () => {
    const { context } = await launch()
    try {
      const page = await context.newPage()
      await page.setViewportSize(WIDTHS.wide)
      await openApp(page, node.url, '#/iana')

      const pages = await rowsOnceListed(page, /^\d+ pages? \(searched \d+ URLs\)$/)
      const urls = pages.map(r => r.url)
      expect(urls).toContain('http://www.iana.org/')
      expect(urls).toContain('http://www.iana.org/numbers')
      expect(urls).toContain('http://www.iana.org/time-zones')
      expect(urls.filter(u => RESOURCE.test(u))).toEqual([])
      expect(new Set(pages.map(r => r.type))).toEqual(new Set(['page']))
      // a redirect (302) is not a page
      expect(urls).not.toContain('http://www.iana.org/about/performance/ietf-statistics')
      expect(await page.inputValue(ARCHIVE_LIST.show)).toBe('pages')
      await screenshots(page, 'archive-pages', async () => { await page.locator(ARCHIVE_LIST.rows).first().waitFor() })

      // all URLs, then only fonts: each a step in the address
      await page.selectOption(ARCHIVE_LIST.show, 'all')
      await waitForHash(page, h => h === '#/iana?view=all')
      const all = await rowsOnceListed(page, /^\d+ URLs$/)
      expect(all.length).toBeGreaterThan(pages.length)
      await page.selectOption(ARCHIVE_LIST.type, 'font')
      await waitForHash(page, h => h === '#/iana?view=all&type=font')
      // served as application/octet-stream: told from their extension, and marked so
      const fonts = await rowsOnceListed(page, /^4 fonts \(searched \d+ URLs\)$/)
      expect(fonts.map(r => r.url.replace(/^https?:\/\/www\.iana\.org\/_css\/2013\.1\/fonts\//, '')).sort()).toEqual(['Inconsolata.otf', 'OpenSans-Bold.ttf', 'OpenSans-Regular.ttf', 'OpenSans-Semibold.ttf'])
      expect(new Set(fonts.map(r => r.type))).toEqual(new Set(['font']))
      await screenshots(page, 'archive-fonts', async () => { await page.locator(ARCHIVE_LIST.rows).first().waitFor() })

      // the redirect shows where it went, not its body's title "302 Found"
      await page.selectOption(ARCHIVE_LIST.type, 'other')
      await waitForHash(page, h => h === '#/iana?view=all&type=other')
      const other = await rowsOnceListed(page, /^\d+ other URLs? \(searched \d+ URLs\)$/)
      expect(other.find(r => r.url === 'http://www.iana.org/about/performance/ietf-statistics')?.heading).toBe('→ http://www.iana.org/performance/ietf-statistics')
      await screenshots(page, 'archive-other', async () => { await page.locator(ARCHIVE_LIST.rows).first().waitFor() })
      await page.goBack()
      await waitForHash(page, h => h === '#/iana?view=all&type=font')
      await rowsOnceListed(page, /^4 fonts/)
      expect(await page.inputValue(ARCHIVE_LIST.type)).toBe('font')

      // the address alone opens the filtered list
      await page.goto(`${node.url}#/iana?view=all&type=stylesheet`)
      const sheets = await rowsOnceListed(page, /^2 stylesheets/)
      expect(sheets.map(r => r.url).sort()).toEqual(['https://www.iana.org/_css/2013.1/print.css', 'https://www.iana.org/_css/2013.1/screen.css'])

      // "Not archived" suggests the site's pages, not its fonts
      await page.goto(`${node.url}#/iana/http://www.iana.org/no-such-page`)
      await page.locator(ARCHIVE_LIST.nearby).first().waitFor()
      const nearby = await page.locator(ARCHIVE_LIST.nearby).allTextContents()
      expect(nearby.length).toBeGreaterThan(0)
      expect(nearby.filter(u => RESOURCE.test(u.trim()))).toEqual([])
    } finally {
      await context.close()
    }
  })
})
