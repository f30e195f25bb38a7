import type { Frame, Page } from 'playwright-core'
import { pageKey } from '../../sw/page-log.ts'

/** The replay view of the app (inside the shell's shadow root), as the page sees it. */
export const VIEW = 'replay-view'

/**
 * Waits until the app shows `/<archive>/<digits>/<url>`: the address bar names it, the view says the
 * frame shows it (not loading, no failure), and the archived page is loaded. Resolves with that frame.
 */
export async function shownMemento (page: Page, archive: string, digits: string, url: string, state = 'shown'): Promise<Frame> {
  const hash = `#/${archive}/${digits}/${url}`
  await page.waitForFunction(([h, s]) => {
    const view = document.querySelector('iparo-app')?.shadowRoot?.querySelector('replay-view')
    return location.hash === h && view?.getAttribute('data-state') === s
  }, [hash, state] as const, { timeout: 30_000 }).catch(async (err: unknown) => {
    const at = await page.evaluate(() => `${location.hash} ${document.querySelector('iparo-app')?.shadowRoot?.querySelector('replay-view')?.getAttribute('data-state') ?? 'no view'}`)
    throw new Error(`waiting for ${hash} ${state}, the app shows ${at}`, { cause: err })
  })
  // the frame's URI-M may carry a modifier (`mp_` when a rewritten link took it there)
  const frame = page.frames().find(f => { const u = URL.parse(f.url()); return u != null && pageKey(u.pathname + u.search) === `/${archive}/${digits}/${url}` })
  if (frame == null) throw new Error(`no frame shows ${hash}`)
  await frame.waitForLoadState('load')
  return frame
}

/** The text of an element of the replay view, found by a CSS selector piercing shadow roots. */
export async function viewText (page: Page, selector: string): Promise<string> {
  return (await page.locator(`${VIEW} ${selector}`).first().textContent() ?? '').trim()
}

/** Every version mark on the timeline: `archive/digits` for single versions, `cluster:N` for crowded ones. */
export async function timelineMarks (page: Page): Promise<string[]> {
  return page.locator(`${VIEW} memento-timeline .mark`).evaluateAll(marks => marks.map(m => {
    const b = m as HTMLElement
    return b.classList.contains('cluster') ? `cluster:${b.textContent?.trim() ?? ''}` : `${b.dataset.archive ?? ''}/${b.dataset.digits ?? ''}`
  }))
}

/**
 * The selector of the mark of `digits` on the timeline, seen whole then zoomed into the clusters that
 * hold it (by clicking them, as a person would) until it stands alone.
 */
export async function revealVersion (page: Page, digits: string): Promise<string> {
  const timeline = `${VIEW} memento-timeline`
  const mark = `${timeline} .version[data-digits="${digits}"]`
  await page.click(`${timeline} #zoom-fit`)
  for (let depth = 0; await page.locator(mark).count() === 0; depth++) {
    if (depth > 20) throw new Error(`no mark for ${digits}`)
    const clusters = await page.locator(`${timeline} .cluster`).evaluateAll(bs => bs.map(b => [(b as HTMLElement).dataset.from ?? '', (b as HTMLElement).dataset.to ?? '']))
    const index = clusters.findIndex(([from = '', to = '']) => from <= digits && digits <= to)
    if (index < 0) throw new Error(`${digits} is in no mark: ${JSON.stringify(clusters)}`)
    await page.locator(`${timeline} .cluster`).nth(index).click()
  }
  return mark
}
