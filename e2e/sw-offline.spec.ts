import type { Frame } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CallReply } from '../src/messages/replay-messages.ts'
import { askWorker, launch, openInApp, recordRequests, relaunchWithoutNode } from './support/browser.ts'
import { ingestIana, serve, type Served } from './support/iparo-process.ts'

/** "Save for offline", then the node stopped and the browser restarted on the same profile: the page replays in full. */
let node: Served
let data: string

beforeAll(async () => {
  data = await ingestIana()
  node = await serve(data)
}, 120_000)
afterAll(async () => { await node.stop() })

const HOME = '/iana/20140126200624/http://www.iana.org/'

async function replayedInFull (frame: Frame): Promise<{ font: string, fonts: string[], logo: number, title: string }> {
  return frame.evaluate(async () => {
    await document.fonts.ready
    return {
      title: document.title,
      font: getComputedStyle(document.body).fontFamily,
      fonts: [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family),
      logo: document.querySelector<HTMLImageElement>('img[src$="icann-logo.svg"]')?.naturalWidth ?? 0
    }
  })
}

describe('offline replay', () => {
  it('saves a page with its subresources (progress reported), then replays it with the node stopped after a browser restart', async () => {
    const first = await launch()
    const page = await first.context.newPage()
    await replayedInFull(await openInApp(page, node.url, node.replayUrl, HOME))

    // the worker's save, asked by a call from the app's page as the app's save control does
    const asked = await askWorker(page, node.replayUrl, { type: 'save', page: HOME })
    const seen: CallReply[] = [...asked.progress, asked.answer]
    const done = seen.find(m => m.type === 'save-done')
    expect(done).toMatchObject({ type: 'save-done', failed: [] })
    if (done?.type !== 'save-done') throw new Error('no save-done')
    expect(done.urls).toBeGreaterThanOrEqual(8)
    const progress = seen.filter(m => m.type === 'save-progress')
    expect(progress.length).toBe(done.urls)
    expect(progress.at(-1)).toMatchObject({ progress: { done: done.urls, total: done.urls, blocks: done.blocks } })
    const { answer } = await askWorker(page, node.replayUrl, { type: 'stats' })
    expect(answer).toMatchObject({ type: 'stats', stats: { savedBlocks: done.blocks } })

    await first.context.close()
    const second = await relaunchWithoutNode(first.profile, node)
    try {
      const requests = recordRequests(second.context)
      const offline = await second.context.newPage()
      // The app opens from its own worker's copy; the archive's local name resolves to the root the
      // app remembered on its origin (the replay origin's storage is not trusted for that).
      const replayed = await replayedInFull(await openInApp(offline, node.url, node.replayUrl, HOME))
      expect(replayed.title).toBe('Internet Assigned Numbers Authority')
      expect(replayed.font).toMatch(/^"Open Sans"/)
      expect(replayed.fonts).toContain('Open Sans')
      expect(replayed.logo).toBeGreaterThan(0)
      await requests.settled()
      const fromPages = requests.seen.filter(r => !r.byWorker && r.frameUrl?.startsWith(`${new URL(node.replayUrl).origin}/iana/`) === true)
      expect(fromPages.length).toBeGreaterThan(8)
      for (const r of fromPages) expect({ url: r.url, sw: r.fromServiceWorker, ok: r.status != null && r.status < 400 }).toEqual({ url: r.url, sw: true, ok: true })
    } finally {
      await second.context.close()
    }
  })
})
