import { rm } from 'node:fs/promises'
import type { BrowserContext, Page } from 'playwright-core'
import { launch } from '../../e2e/support/browser.ts'
import { loadTiming, type LoadTiming } from './load-timing.ts'
import type { ReplaySystem, ReplayTarget } from './replay-system.ts'

export const VIEWPORT = { width: 1024, height: 768 }

/** Runs `fn` in a Chromium with a profile of its own (no worker, no IndexedDB, no HTTP cache), then drops it. */
export async function inFreshProfile<T> (fn: (context: BrowserContext) => Promise<T>): Promise<T> {
  const { context, profile } = await launch()
  try { return await fn(context) } finally {
    await context.close()
    await rm(profile, { recursive: true, force: true })
  }
}

export async function newTab (context: BrowserContext): Promise<Page> {
  const page = await context.newPage()
  await page.setViewportSize(VIEWPORT)
  return page
}

/**
 * One timed visit of `target` with `system` in a new tab; an error says where the tab got stuck.
 * `beforeClose` runs once the timing is read, while the tab is still open (its requests still readable).
 */
export async function visit (context: BrowserContext, system: ReplaySystem, target: ReplayTarget, beforeClose?: () => Promise<void>): Promise<LoadTiming> {
  const page = await newTab(context)
  const consoleLines: string[] = []
  page.on('console', m => { consoleLines.push(`${m.type()}: ${m.text().slice(0, 200)}`) })
  try {
    const timing = await loadTiming(page, await system.open(page, target))
    await beforeClose?.()
    return timing
  } catch (err) {
    // where it got stuck: the frames the tab had by then and what the page logged last
    throw new Error(`${String(err).split('\n')[0] ?? ''}; frames: ${page.frames().map(f => f.url()).join(' | ')}; console: ${consoleLines.slice(-5).join(' | ')}`, { cause: err })
  } finally { await page.close() }
}
