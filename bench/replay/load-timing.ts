import type { Frame, Page } from 'playwright-core'

export interface LoadTiming {
  /** top-level navigation start → the replayed page's `load` event ended: what a reader waits */
  loadMs: number
  /** the replayed frame's own navigation start → its first byte and → its `load` (host page and worker start-up excluded) */
  frameTtfbMs: number
  frameLoadMs: number
  /** top-level navigation start → the replayed page's first byte (its response start) */
  firstByteMs: number
  /** the replayed document's title: a quick check that it is the page asked for, not a "not found" page */
  title: string
}

/**
 * Times read in the browser: both documents' `performance.timeOrigin` are on one clock (same origin,
 * same renderer), so the replayed frame's `loadEventEnd` is placed on the top page's timeline.
 */
export async function loadTiming (page: Page, frame: Frame): Promise<LoadTiming> {
  const topOrigin = await page.evaluate(() => performance.timeOrigin)
  const inner = await frame.evaluate(async () => {
    if (document.readyState !== 'complete') await new Promise(resolve => { addEventListener('load', resolve, { once: true }) })
    // loadEventEnd is written once the load handlers returned: read it from the next task
    await new Promise(resolve => setTimeout(resolve, 0))
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
    return { origin: performance.timeOrigin, ttfb: nav.responseStart, load: nav.loadEventEnd, title: document.title }
  })
  const shift = inner.origin - topOrigin
  return { loadMs: shift + inner.load, frameTtfbMs: inner.ttfb, frameLoadMs: inner.load, firstByteMs: shift + inner.ttfb, title: inner.title }
}

/** Waits until the replayed page looks finished (fonts, images, two frames painted) before a screenshot. */
export async function settled (frame: Frame): Promise<void> {
  await frame.evaluate(async () => {
    await document.fonts.ready
    await Promise.all([...document.images].map(async img => {
      if (img.complete) return
      await new Promise(resolve => { img.addEventListener('load', resolve, { once: true }); img.addEventListener('error', resolve, { once: true }) })
    }))
    await new Promise(resolve => { requestAnimationFrame(() => { requestAnimationFrame(resolve) }) })
  })
}
