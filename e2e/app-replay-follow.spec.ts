import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch } from './support/browser.ts'
import { ingestIana, serve, type Served } from './support/iparo-process.ts'
import { shownMemento, VIEW, viewText } from './support/replay-view.ts'

/** The view follows the archived page: a link followed inside the frame moves the URL bar, title, address and timeline. */
let node: Served

beforeAll(async () => {
  node = await serve(await ingestIana())
}, 120_000)
afterAll(async () => { await node?.stop() })

describe('following navigation inside the frame', () => {
  it('a link clicked in the archived page updates URL, title, banner and the address bar', async () => {
    const { context } = await launch()
    try {
      const page = await context.newPage()
      await page.goto(`${node.url}#/iana/20140126200624/http://www.iana.org/`)
      const home = await shownMemento(page, 'iana', '20140126200624', 'http://www.iana.org/')
      expect(await viewText(page, '#page-title')).toBe('Internet Assigned Numbers Authority')
      await page.waitForFunction(() => /^\d+ versions?$/.test(document.querySelector('iparo-app')?.shadowRoot?.querySelector('replay-view')?.shadowRoot?.querySelector('memento-timeline')?.shadowRoot?.querySelector('.count')?.textContent ?? ''))

      // a root-relative link of the archived page, rewritten to its URI-M: it stays in the archive, at the closest capture
      await home.click('a[href$="www.iana.org/domains"]')
      await page.waitForFunction(() => location.hash.includes('/http://www.iana.org/domains'))
      const hash = await page.evaluate(() => location.hash)
      const digits = /^#\/iana\/(\d{14})\/http:\/\/www\.iana\.org\/domains$/.exec(hash)?.[1]
      expect(digits, hash).toBeDefined()
      await shownMemento(page, 'iana', digits ?? '', 'http://www.iana.org/domains')
      expect(await page.inputValue(`${VIEW} #url`)).toBe('http://www.iana.org/domains')
      expect(await viewText(page, '#page-title')).toBe('IANA — Domain Name Services')
      expect(await viewText(page, '#memento-datetime')).toBe(`${(digits ?? '').replace(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/, '$1-$2-$3 $4:$5:$6')} UTC`)
      // the timeline is now that URL's, from the TimeMap
      const timemap = await (await fetch(`${node.url}iana/timemap/json/http://www.iana.org/domains`)).json() as { mementos: { list: unknown[] } }
      const count = timemap.mementos.list.length
      await page.waitForFunction((n) => document.querySelector('iparo-app')?.shadowRoot?.querySelector('replay-view')?.shadowRoot?.querySelector('memento-timeline')?.shadowRoot?.querySelector('.count')?.textContent === `${n} version${n === 1 ? '' : 's'}`, count)
    } finally {
      await context.close()
    }
  })
})
