import { SCREENSHOTS } from './support/app-page.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { launch } from './support/browser.ts'
import { FIXTURES, fresh, iparo, serve, type Served } from './support/iparo-process.ts'
import { revealVersion, shownMemento, timelineMarks, VIEW, viewText } from './support/replay-view.ts'

/** The replay view on the 5mementos archive: the timeline, clicking versions, first/prev/next/last, go to closest. */
const URL_ = 'http://memento.us/'
const ALL = ['20130202100000', '20140114100000', '20140115101500', '20161231110000', '20161231110001']
const BODY: Record<string, string> = {
  20130202100000: 'Memento for 2/2/2013 10:00am',
  20140114100000: 'Memento for 1/14/2014 10:00am',
  20140115101500: 'Memento for 1/15/2014 10:15am',
  20161231110000: 'Memento for 12/31/2016 11:00am'
}

let node: Served
let context: BrowserContext
let page: Page

beforeAll(async () => {
  const data = fresh()
  const ingest = await iparo(['ingest', `${FIXTURES}ipwb/5mementos.warc`, '--archive', 'five', '--data', data])
  if (ingest.code !== 0) throw new Error(ingest.stderr)
  node = await serve(data)
  context = (await launch()).context
  page = await context.newPage()
  await page.setViewportSize({ width: 1280, height: 800 })
}, 120_000)
afterAll(async () => { await context?.close(); await node?.stop() })

/** Shows `digits` and checks the archived page is that capture's. */
async function expectShown (digits: string): Promise<void> {
  const frame = await shownMemento(page, 'five', digits, URL_)
  const body = BODY[digits]
  if (body != null) expect(await frame.evaluate(() => document.body.textContent?.trim())).toBe(body)
  expect(await viewText(page, '#memento-datetime')).toBe(`${digits.replace(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/, '$1-$2-$3 $4:$5:$6')} UTC`)
  expect(await viewText(page, '#memento-archive')).toBe('five')
}

describe('replay view on 5mementos', () => {
  it('the timeline shows the 5 versions; clicking each shows it (a crowded pair zooms in first)', async () => {
    await page.goto(`${node.url}#/five/${URL_}`)
    // the latest: the frame's redirect lands on exact digits, which the address bar takes
    await expectShown(ALL[4] ?? '')
    await page.waitForFunction(() => document.querySelector('iparo-app')?.shadowRoot?.querySelector('replay-view')?.shadowRoot?.querySelector('memento-timeline')?.shadowRoot?.querySelector('.count')?.textContent === '5 versions')
    // seen whole (1280 px for 4 years), captures a day or a second apart share a mark
    expect(await timelineMarks(page)).toEqual(['five/20130202100000', 'cluster:2', 'cluster:2'])
    for (const digits of ALL) {
      await page.click(await revealVersion(page, digits))
      await expectShown(digits)
    }
    await page.click(`${VIEW} memento-timeline #zoom-fit`)
    await page.screenshot({ path: `${SCREENSHOTS}timeline-wide.png` })
  })

  it('first, next, prev and last walk the versions in order, by buttons and by keys', async () => {
    await page.click(`${VIEW} #first`)
    await expectShown(ALL[0] ?? '')
    for (const digits of ALL.slice(1)) {
      await page.click(`${VIEW} #next`)
      await expectShown(digits)
    }
    expect(await page.locator(`${VIEW} #next`).isDisabled()).toBe(true)
    for (const digits of ALL.slice(0, 4).reverse()) {
      await page.click(`${VIEW} #prev`)
      await expectShown(digits)
    }
    expect(await page.locator(`${VIEW} #prev`).isDisabled()).toBe(true)
    await page.click(`${VIEW} #last`)
    await expectShown(ALL[4] ?? '')
    // keys, with the focus anywhere in the app but a field
    await page.locator(`${VIEW} #banner`).click()
    await page.keyboard.press('[')
    await expectShown(ALL[3] ?? '')
    await page.keyboard.press('{')
    await expectShown(ALL[0] ?? '')
    await page.keyboard.press(']')
    await expectShown(ALL[1] ?? '')
    await page.keyboard.press('}')
    await expectShown(ALL[4] ?? '')
    await page.keyboard.press('/')
    expect(await page.evaluate(() => document.querySelector('iparo-app')?.shadowRoot?.querySelector('replay-view')?.shadowRoot?.activeElement?.id)).toBe('url')
    // back in history goes to the previous version (user moves are history entries)
    await page.goBack()
    await expectShown(ALL[1] ?? '')
  })

  it('zooms with the wheel around the pointer and with keys, from years down to seconds', async () => {
    const timeline = `${VIEW} memento-timeline`
    const ticks = async (): Promise<string[]> => page.locator(`${timeline} svg text`).allTextContents()
    await page.click(`${timeline} #zoom-fit`)
    expect((await ticks()).every(t => /^\d{4}(-\d\d)?$/.test(t))).toBe(true)
    // the wheel over the 2014 pair zooms around it: the pair stays in view and comes apart, labelled by day
    const pair = await page.locator(`${timeline} .cluster`).first().boundingBox()
    if (pair == null) throw new Error('no cluster on screen')
    await page.mouse.move(pair.x + pair.width / 2, pair.y + pair.height / 2)
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -400)
    await page.waitForFunction(() => document.querySelector('iparo-app')?.shadowRoot?.querySelector('replay-view')?.shadowRoot?.querySelector('memento-timeline')?.shadowRoot?.querySelector('.version[data-digits="20140115101500"]') != null)
    expect(await timelineMarks(page)).toEqual(['five/20140114100000', 'five/20140115101500'])
    expect((await ticks()).some(t => /^2014-01-\d\d/.test(t))).toBe(true)
    // keys on the focused chart: the last version, then + down to ten seconds around it, where the 2016 pair stands apart
    await page.focus(`${timeline} .chart`)
    await page.keyboard.press('End')
    await expectShown(ALL[4] ?? '')
    for (let i = 0; i < 30; i++) await page.keyboard.press('+')
    expect(await timelineMarks(page)).toEqual(['five/20161231110000', 'five/20161231110001'])
    expect((await ticks()).every(t => /^(10:59|11:00):\d\d$/.test(t))).toBe(true)
    await page.keyboard.press('0')
    expect(await timelineMarks(page)).toEqual(['five/20130202100000', 'cluster:2', 'cluster:2'])
  })

  it('pinches to zoom on a touch screen, around the fingers', async () => {
    const timeline = `${VIEW} memento-timeline`
    const width = async (): Promise<number> => page.evaluate(() => { const t = document.querySelector('iparo-app')?.shadowRoot?.querySelector('replay-view')?.shadowRoot?.querySelector('memento-timeline') as unknown as { span: { start: number, end: number } }; return t.span.end - t.span.start })
    await page.click(`${timeline} #zoom-fit`)
    const before = await width()
    const box = await page.locator(`${timeline} .chart`).boundingBox()
    if (box == null) throw new Error('no chart on screen')
    const y = box.y + box.height - 8
    const x = box.x + box.width / 2
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 2 })
    const touch = async (type: 'touchStart' | 'touchMove' | 'touchEnd', apart: number): Promise<void> => {
      await cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x: x - apart, y, id: 1 }, { x: x + apart, y, id: 2 }] })
    }
    await touch('touchStart', 20)
    for (let apart = 30; apart <= 200; apart += 10) await touch('touchMove', apart)
    await touch('touchEnd', 0)
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false })
    // fingers ten times further apart: about a tenth of the span, still around the middle
    const after = await width()
    expect(after / before).toBeLessThan(0.2)
    expect(after / before).toBeGreaterThan(0.05)
    await page.click(`${timeline} #zoom-fit`)
  })

  it('go to closest: a typed 2007 lands on 20130202100000, a minute-precise date on its capture', async () => {
    await page.fill(`${VIEW} #when`, '2007')
    await page.click(`${VIEW} #go`)
    await expectShown('20130202100000')
    await page.fill(`${VIEW} #when`, '2014-01-15 10:14')
    await page.press(`${VIEW} #when`, 'Enter')
    await expectShown('20140115101500')
    await page.fill(`${VIEW} #when`, '20161231110001')
    await page.click(`${VIEW} #go`)
    await expectShown('20161231110001')
    await page.fill(`${VIEW} #when`, 'last tuesday')
    await page.click(`${VIEW} #go`)
    expect(await viewText(page, '#when-error')).toMatch(/^"last tuesday" is not a date/)
  })

  it('a URL that is not archived says so, and the timeline is empty', async () => {
    await page.fill(`${VIEW} #url`, 'http://memento.us/nothing-here')
    await page.fill(`${VIEW} #when`, '')
    await page.click(`${VIEW} #go`)
    await page.waitForFunction(() => document.querySelector('iparo-app')?.shadowRoot?.querySelector('replay-view')?.getAttribute('data-state') === 'not-archived')
    expect(await viewText(page, '.state h2')).toBe('Not archived')
    expect(await viewText(page, 'memento-timeline .count')).toBe('0 versions')
    await page.setViewportSize({ width: 390, height: 760 })
    await page.screenshot({ path: `${SCREENSHOTS}not-archived-phone.png` })
  })
})
