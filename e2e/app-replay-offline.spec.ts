import { SCREENSHOTS } from './support/app-page.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, relaunchWithoutNode } from './support/browser.ts'
import { FIXTURES, fresh, iparo, serve, type Served } from './support/iparo-process.ts'
import { revealVersion, shownMemento, VIEW, viewText } from './support/replay-view.ts'

/**
 * Save for offline from the replay view, stop the node, restart the browser on the same profile: the
 * app opens from the worker's cache (one origin, so the worker serves the app's own page too), the saved
 * page replays, and the offline mark shows on the banner and on its version in the timeline.
 */
let node: Served
const LINK = '#/five/20140114100000/http://memento.us/'

beforeAll(async () => {
  const data = fresh()
  const ingest = await iparo(['ingest', `${FIXTURES}ipwb/5mementos.warc`, '--archive', 'five', '--data', data])
  if (ingest.code !== 0) throw new Error(ingest.stderr)
  node = await serve(data, ['--replay-port', 'none'])
}, 120_000)
afterAll(async () => { await node?.stop() })

describe('save for offline in the replay view', () => {
  it('saves with progress, then after the node stops and the browser restarts the page replays, marked saved', async () => {
    const first = await launch()
    try {
      const page = await first.context.newPage()
      await page.goto(`${node.url}${LINK}`)
      await shownMemento(page, 'five', '20140114100000', 'http://memento.us/')
      expect(await page.locator(`${VIEW} #offline-mark`).count()).toBe(0)
      await page.click(`${VIEW} #save`)
      await page.waitForSelector(`${VIEW} #offline-mark`)
      expect(await viewText(page, '#save-status')).toMatch(/^Saved for offline: 1 URLs, \d+ KB$/)
      expect(await page.getAttribute(await revealVersion(page, '20140114100000'), 'class')).toMatch(/\bsaved\b/)
      expect(await page.getAttribute(await revealVersion(page, '20140115101500'), 'class')).not.toMatch(/\bsaved\b/)
      // another version is not marked
      await page.click(`${VIEW} #prev`)
      await shownMemento(page, 'five', '20130202100000', 'http://memento.us/')
      expect(await page.locator(`${VIEW} #offline-mark`).count()).toBe(0)
    } finally {
      await first.context.close()
    }
    const second = await relaunchWithoutNode(first.profile, node)
    try {
      const page = await second.context.newPage()
      await page.setViewportSize({ width: 390, height: 760 })
      await page.goto(`${node.url}${LINK}`)
      const frame = await shownMemento(page, 'five', '20140114100000', 'http://memento.us/')
      expect(await frame.evaluate(() => document.body.textContent?.trim())).toBe('Memento for 1/14/2014 10:00am')
      // on a phone the timeline is among the controls folded under "More"
      await page.click(`${VIEW} #more`)
      await page.waitForSelector(`${VIEW} #offline-mark`)
      await page.waitForSelector(`${VIEW} memento-timeline .count >> text=5 versions`)
      expect(await page.getAttribute(await revealVersion(page, '20140114100000'), 'class')).toMatch(/\bsaved\b/)
      await page.screenshot({ path: `${SCREENSHOTS}offline-phone.png` })
      // a version never fetched cannot come from anywhere now: the view says so, in words
      await page.click(`${VIEW} #last`)
      await shownMemento(page, 'five', '20161231110001', 'http://memento.us/', 'unreachable')
      expect(await viewText(page, '.state h2')).toBe('The archive cannot be reached')
      expect(await page.locator(`${VIEW} #save`).isDisabled()).toBe(true)
    } finally {
      await second.context.close()
    }
  })
})
