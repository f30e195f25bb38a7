import type { Frame, Page } from 'playwright-core'
import { askWorker, launch, openHost, openInHost } from '../../e2e/support/browser.ts'
import { delayProxy, type DelayProxy } from '../../e2e/support/delay-proxy.ts'
import type { Served } from '../../e2e/support/iparo-process.ts'

export interface Timing { ttfbMs: number, loadMs: number }
/** One view of the page through the delaying gateway: its timing and what it cost the gateway. */
export interface View extends Timing { requests: number, carRequests: number, rawRequests: number, bytes: number, blocks: number }

/** How long the gateway stays quiet before a view's counts are read: the worker's background reads end within it. */
const QUIET_MS = 300

/**
 * 4. The iana.org home page through a gateway `delayMs` away (a loopback proxy that waits before each
 * request and counts them): cold (fresh profile, nothing cached) and warm (viewed again in that
 * browser), per run. Requests, bytes and blocks are the worker's gateway traffic for that one view.
 */
export async function roundTrips (node: Served, home: string, delayMs: number, runs: number, timing: (frame: Frame) => Promise<Timing>): Promise<{ cold: View[], warm: View[] }> {
  const proxy = await delayProxy(node.replayUrl, delayMs)
  const cold: View[] = []
  const warm: View[] = []
  try {
    for (let i = 0; i < runs; i++) {
      const { context } = await launch()
      try {
        const page = await context.newPage()
        await openHost(page, node.replayUrl)
        const app = await context.newPage()
        await app.goto(node.url)
        await askWorker(app, node.replayUrl, { type: 'settings' }, { gateways: [proxy.url], routers: [proxy.url] })
        cold.push(await view(proxy, node, async () => timing(await openInHost(page, node.replayUrl, home)), app))
        warm.push(await view(proxy, node, async () => timing(await openInHost(page, node.replayUrl, home)), app))
      } finally {
        await context.close()
      }
    }
  } finally {
    await proxy.close()
  }
  return { cold, warm }
}

async function view (proxy: DelayProxy, node: Served, open: () => Promise<Timing>, app: Page): Promise<View> {
  const before = await fetchedBlocks(app, node)
  proxy.reset()
  const t = await open()
  let seen = -1
  while (seen !== proxy.count.requests) {
    seen = proxy.count.requests
    await new Promise(resolve => setTimeout(resolve, QUIET_MS))
  }
  const { requests, bytes, paths } = proxy.count
  const blocks = await fetchedBlocks(app, node) - before
  return { ...t, requests, bytes, blocks, carRequests: paths.filter(p => p.includes('format=car')).length, rawRequests: paths.filter(p => p.includes('format=raw')).length }
}

async function fetchedBlocks (app: Page, node: Served): Promise<number> {
  const { answer } = await askWorker(app, node.replayUrl, { type: 'stats' })
  return answer.type === 'stats' ? answer.stats.fetched : NaN
}
