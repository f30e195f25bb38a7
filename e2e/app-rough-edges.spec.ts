import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch } from './support/browser.ts'
import { openShare, SHARE, WIDTHS } from './support/app-page.ts'
import { ingestIana, serve, type Served } from './support/iparo-process.ts'
import { shownMemento, VIEW } from './support/replay-view.ts'

/** The rough edges a new user hit (issue 21): each one as the person meets it, in one browser. */
let node: Served
let context: BrowserContext
let page: Page
const HOME = '20140126200624'

beforeAll(async () => {
  node = await serve(await ingestIana())
  context = (await launch()).context
  page = await context.newPage()
  await page.setViewportSize(WIDTHS.wide)
}, 120_000)
afterAll(async () => { await context?.close(); await node?.stop() })

/** What the app remembers as opened archives (its own origin's storage). */
const openedIds = async (): Promise<string[]> => page.evaluate(() => (JSON.parse(localStorage.getItem('iparo.opened-archives') ?? '[]') as Array<{ id: string }>).map(a => a.id))
const viewState = (state: string): Promise<unknown> => page.waitForFunction(s => document.querySelector('iparo-app')?.shadowRoot?.querySelector('replay-view')?.getAttribute('data-state') === s, state, { timeout: 30_000 })

describe('rough edges', () => {
  it('a "latest" link put in the address while a replay is open replays that URL', async () => {
    await page.goto(`${node.url}#/iana/${HOME}/http://www.iana.org/`)
    await shownMemento(page, 'iana', HOME, 'http://www.iana.org/')
    await page.goto(`${node.url}#/iana/http://www.iana.org/numbers`)
    await shownMemento(page, 'iana', '20140126200651', 'http://www.iana.org/numbers')
  })

  it('a link to an archive nobody has, or to a CID that is no archive, says so and is not remembered', async () => {
    await page.goto(`${node.url}#/no-such-archive/http://www.iana.org/`)
    await viewState('no-archive')
    await page.locator(`${VIEW} [role=alert]`).getByText(/No archive .*no-such-archive.* could be found/).waitFor()
    const absent = CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode('no archive here'))).toString()
    await page.goto(`${node.url}#/${absent}/http://www.iana.org/`)
    await viewState('no-archive')
    // a later timeline merges only the archives that exist
    await page.goto(`${node.url}#/iana/${HOME}/http://www.iana.org/`)
    await shownMemento(page, 'iana', HOME, 'http://www.iana.org/')
    await page.locator(`${VIEW} memento-timeline [data-source="iana"]`).getByText(/: \d+$/).waitFor()
    expect(await page.locator(`${VIEW} memento-timeline .legend > span`).evaluateAll(s => s.map(e => (e as HTMLElement).dataset.source))).toEqual(['iana'])
    expect(await openedIds()).toEqual(['iana'])
  })

  it('a link with a malformed datetime is an error, and opens nothing', async () => {
    for (const datetime of ['2014-99-99', 'abcd']) {
      await page.goto(`${node.url}#/iana/${datetime}/http://www.iana.org/`)
      await page.locator('#bad-datetime[role=alert]').getByText(`"${datetime}" is not a datetime`).waitFor()
      expect(await page.locator(VIEW).isVisible()).toBe(false)
    }
    expect(await page.getAttribute('#bad-datetime-latest', 'href')).toBe('#/iana/http://www.iana.org/')
  })

  it('a datetime typed wrong is an error apart from the key hints', async () => {
    await page.goto(`${node.url}#/iana/${HOME}/http://www.iana.org/`)
    await shownMemento(page, 'iana', HOME, 'http://www.iana.org/')
    await page.fill(`${VIEW} #when`, 'abcd')
    await page.click(`${VIEW} #go`)
    const error = page.locator(`${VIEW} #when-error[role=alert]`)
    await error.getByText(/"abcd" is not a date/).waitFor()
    expect(await page.getAttribute(`${VIEW} #when`, 'aria-invalid')).toBe('true')
    expect(await error.evaluate(e => e.closest('.notice') == null && getComputedStyle(e).color)).toBe('rgb(164, 14, 38)')
  })

  it('an empty timeline says there is nothing, with no axis around today', async () => {
    await page.goto(`${node.url}#/iana/http://www.iana.org/never-archived`)
    await viewState('not-archived')
    const timeline = page.locator(`${VIEW} memento-timeline`)
    await timeline.locator('.empty').getByText(/^No captures of this URL/).waitFor()
    expect(await timeline.locator('svg text').count()).toBe(0)
  })

  it('downloads an IPARO as <cid>.warc from the share panel', async () => {
    await page.goto(`${node.url}#/iana/${HOME}/http://www.iana.org/`)
    await shownMemento(page, 'iana', HOME, 'http://www.iana.org/')
    await openShare(page)
    const cid = (await page.inputValue(SHARE.ipfs)).replace('ipfs://', '')
    const href = await page.getAttribute(SHARE.download, 'href') ?? ''
    expect(href).toBe(`${node.url}ipfs/${cid}?filename=${cid}.warc&download=true`)
    const response = await fetch(href)
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${cid}.warc"`)
    expect(response.headers.get('content-type')).toBe('application/warc')
    await response.body?.cancel()
  })

  it('on a phone the replay frame gets most of the screen', async () => {
    await page.setViewportSize(WIDTHS.phone)
    await page.goto(`${node.url}#/iana/${HOME}/http://www.iana.org/`)
    await shownMemento(page, 'iana', HOME, 'http://www.iana.org/')
    const frame = await page.locator(`${VIEW} .frame`).boundingBox()
    expect((frame?.height ?? 0) / WIDTHS.phone.height).toBeGreaterThan(0.7)
    // the rest is one tap away, and folds back
    expect(await page.locator(`${VIEW} memento-timeline`).isVisible()).toBe(false)
    await page.click(`${VIEW} #more`)
    await page.locator(`${VIEW} memento-timeline .chart`).waitFor()
    expect(await page.locator(`${VIEW} #share-download, ${VIEW} share-panel summary`).first().isVisible()).toBe(true)
    await page.click(`${VIEW} #more`)
    await page.locator(`${VIEW} memento-timeline`).waitFor({ state: 'hidden' })
    await page.setViewportSize(WIDTHS.wide)
  })
})
