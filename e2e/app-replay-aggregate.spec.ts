import { SCREENSHOTS } from './support/app-page.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch } from './support/browser.ts'
import { FIXTURES, fresh, iparo, serve, type Served } from './support/iparo-process.ts'
import { shownMemento, timelineMarks, VIEW, viewText } from './support/replay-view.ts'

/** Two archives with different captures of one URL: one timeline, each version labelled by its archive. */
let node: Served

beforeAll(async () => {
  const data = fresh()
  for (const [file, archive] of [['2mementos.warc', 'two'], ['3mementos.warc', 'three']]) {
    const ingest = await iparo(['ingest', `${FIXTURES}ipwb/${file}`, '--archive', archive ?? '', '--data', data])
    if (ingest.code !== 0) throw new Error(ingest.stderr)
  }
  node = await serve(data)
}, 120_000)
afterAll(async () => { await node?.stop() })

describe('the in-browser Memento aggregator', () => {
  it('merges the versions of both archives in time order, labels them, and moves between archives', async () => {
    const { context } = await launch()
    try {
      const page = await context.newPage()
      await page.setViewportSize({ width: 1280, height: 800 })
      // both archives opened (visited by link: a shell remembers them; the local node lists them anyway)
      await page.goto(`${node.url}#/two/20130202100000/http://memento.us/`)
      await shownMemento(page, 'two', '20130202100000', 'http://memento.us/')
      await page.goto(`${node.url}#/three/20140115101500/http://memento.us/`)
      await shownMemento(page, 'three', '20140115101500', 'http://memento.us/')
      await page.waitForFunction(() => document.querySelector('iparo-app')?.shadowRoot?.querySelector('replay-view')?.shadowRoot?.querySelector('memento-timeline')?.shadowRoot?.querySelector('.count')?.textContent === '5 versions')
      expect((await page.locator(`${VIEW} memento-timeline .legend span`).allTextContents()).sort()).toEqual(['three: 3', 'two: 2'])
      // the one capture only "three" has sits between the two pairs both have
      expect(await viewText(page, '#banner')).toContain('3 of 5')

      // the walk goes through both archives in time order (the two archives' captures of one instant in either order)
      const seen = async (): Promise<string> => `${await viewText(page, '#memento-archive')}/${/\/(\d{14})\//.exec(await page.evaluate(() => location.hash))?.[1] ?? ''}`
      /** Clicks `button` and resolves with where the view then shows a page. */
      const move = async (button: string): Promise<string> => {
        const before = await page.evaluate(() => location.hash)
        await page.click(`${VIEW} ${button}`)
        await page.waitForFunction((was) => location.hash !== was && document.querySelector('iparo-app')?.shadowRoot?.querySelector('replay-view')?.getAttribute('data-state') === 'shown', before)
        return seen()
      }
      const walk = async (button: string): Promise<string[]> => {
        const out: string[] = []
        for (let i = 0; i < 2; i++) {
          const at = await move(button)
          const [archive = '', digits = ''] = at.split('/')
          await shownMemento(page, archive, digits, 'http://memento.us/')
          out.push(at)
        }
        return out
      }
      expect((await walk('#next')).sort()).toEqual(['three/20161231110000', 'two/20161231110000'])
      expect(await page.locator(`${VIEW} #next`).isDisabled()).toBe(true)
      expect(['three/20130202100000', 'two/20130202100000']).toContain(await move('#first'))
      // labelled marks: zoomed in on 2014, the one capture only "three" has, named by its archive
      await page.fill(`${VIEW} #when`, '2014-01-15 10:15')
      await page.click(`${VIEW} #go`)
      await shownMemento(page, 'three', '20140115101500', 'http://memento.us/')
      for (let i = 0; i < 8; i++) await page.click(`${VIEW} memento-timeline #zoom-in`)
      expect(await timelineMarks(page)).toEqual(['three/20140115101500'])
      expect(await page.getAttribute(`${VIEW} memento-timeline .version`, 'aria-label')).toBe('2014-01-15 10:15:00 UTC in three')
      await page.click(`${VIEW} memento-timeline #zoom-fit`)
      await page.screenshot({ path: `${SCREENSHOTS}aggregate-wide.png` })

      // picking another archive in the URL bar goes to its closest capture
      await page.selectOption(`${VIEW} #archive`, 'two')
      await page.click(`${VIEW} #go`)
      await shownMemento(page, 'two', '20130202100000', 'http://memento.us/')
    } finally {
      await context.close()
    }
  })

  it('an archive that fails is named, and the others still show', async () => {
    const { context } = await launch()
    try {
      const page = await context.newPage()
      // both archives opened, as in the test above (a fresh browser remembers none)
      await page.goto(`${node.url}#/two/20130202100000/http://memento.us/`)
      await shownMemento(page, 'two', '20130202100000', 'http://memento.us/')
      await page.goto(`${node.url}#/three/20140115101500/http://memento.us/`)
      await shownMemento(page, 'three', '20140115101500', 'http://memento.us/')
      // an opened archive the node does not have (a name that resolves nowhere)
      await page.evaluate(() => {
        const view = document.querySelector('iparo-app')?.shadowRoot?.querySelector('replay-view') as unknown as { archives: Array<{ id: string, label: string }> }
        view.archives = [...view.archives, { id: 'gone', label: 'Gone archive' }]
      })
      await page.waitForFunction(() => document.querySelector('iparo-app')?.shadowRoot?.querySelector('replay-view')?.shadowRoot?.querySelector('memento-timeline')?.shadowRoot?.querySelector('.legend .failed') != null)
      expect(await viewText(page, 'memento-timeline .legend .failed')).toMatch(/^Gone archive: unavailable \(404 NotFoundError: .*gone/)
      expect(await viewText(page, 'memento-timeline .count')).toBe('5 versions')
    } finally {
      await context.close()
    }
  })
})
