import { replayedFrame, type ReplaySystem } from './replay-system.ts'

/**
 * IPARO's replay frame alone: `REPLAY/replay.html#/ARCHIVE/DATETIME/URL` (docs/replay-origins.md), the
 * link that opens a page without the app. The replayed page is the frame on the replay origin whose path
 * starts with `/ARCHIVE/`; nothing else of replay.html (ids, layout) is relied on.
 */
export function iparoReplay (replayUrl: string, archive: string): ReplaySystem {
  const origin = new URL(replayUrl).origin
  return {
    name: 'iparo',
    async open (page, target) {
      const loaded = replayedFrame(page, at => at.origin === origin && at.pathname.startsWith(`/${archive}/`))
      await page.goto(new URL(`/replay.html#/${archive}/${target.datetime}/${target.url}`, replayUrl).href, { waitUntil: 'commit' })
      return loaded
    }
  }
}
