import type { Frame, Page } from 'playwright-core'

/** One page of the WARC: its original URL and its capture time (14 digits). */
export interface ReplayTarget { name: string, url: string, datetime: string }

/** A client-side replay system driven by URL only, so that the bench survives changes to either app's UI. */
export interface ReplaySystem {
  name: string
  /** Navigates `page` to the system's replay of `target`; resolves with the frame of the replayed page once its `load` event ran. */
  open (page: Page, target: ReplayTarget): Promise<Frame>
}

const TIMEOUT_MS = 60_000

/**
 * The first frame of `page` whose URL `isReplayed` accepts, once loaded. Listen before navigating:
 * the frame may appear at any point after the top page commits.
 */
export async function replayedFrame (page: Page, isReplayed: (url: URL) => boolean): Promise<Frame> {
  const frame = await page.waitForEvent('framenavigated', {
    predicate: f => { const at = URL.parse(f.url()); return at != null && f !== page.mainFrame() && isReplayed(at) },
    timeout: TIMEOUT_MS
  })
  await frame.waitForLoadState('load', { timeout: TIMEOUT_MS })
  return frame
}
