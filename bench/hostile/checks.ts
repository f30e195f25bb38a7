import type { Page } from 'playwright-core'
import { hostFrame, openInApp } from '../../e2e/support/browser.ts'
import { serve } from '../../e2e/support/iparo-process.ts'
import { BENIGN, BENIGN_TITLE, newTab, phase, type Run } from './harness.ts'

export interface ShownSettings { gateways: string[], routers: string[] }

/** What the app's Settings view (`#/app/settings`) lists as gateways and routers. */
export async function settingsShown (run: Run): Promise<ShownSettings> {
  phase(run, 'check:settings-view')
  const page = await newTab(run)
  try {
    await page.goto(`${run.node.url}#/app/settings`)
    const list = async (id: string): Promise<string[]> => {
      const items = page.locator(`endpoint-list#${id} li[data-url]`)
      await items.first().waitFor({ timeout: 30_000 })
      return items.evaluateAll(els => els.map(e => e.getAttribute('data-url') ?? ''))
    }
    return { gateways: await list('gateways'), routers: await list('routers') }
  } finally {
    await page.close()
  }
}

/**
 * Asks the replay worker from the app's own document, as the app does (docs/replay-origins.md,
 * "Orders"): a hidden frame navigates to `REPLAY/sw/call?c=…` with the app's origin as referrer and
 * the answer is posted back. No settings in the envelope: the worker keeps those in force.
 */
async function call (page: Page, replayOrigin: string, what: { type: string }): Promise<Record<string, unknown>> {
  return page.evaluate(async ({ origin, c }) => new Promise<Record<string, unknown>>((resolve, reject) => {
    const id = `hostile-harness-${Math.random().toString(36).slice(2)}`
    const frame = document.createElement('iframe')
    frame.hidden = true
    frame.referrerPolicy = 'origin'
    const timer = setTimeout(() => { frame.remove(); reject(new Error('the worker did not answer the call')) }, 8000)
    addEventListener('message', (e: MessageEvent<{ iparoCall?: string, final?: boolean, reply?: Record<string, unknown> }>) => {
      if (e.source !== frame.contentWindow || e.data?.iparoCall !== id || e.data.final !== true || e.data.reply == null) return
      clearTimeout(timer)
      frame.remove()
      resolve(e.data.reply)
    })
    frame.src = `${origin}/sw/call?c=${encodeURIComponent(JSON.stringify({ id, call: c }))}`
    document.body.append(frame)
  }), { origin: replayOrigin, c: what })
}

/** The same question the way the app asked before worker calls: a message relayed by the host page. */
async function relayed (page: Page, what: { type: string }): Promise<Record<string, unknown>> {
  return hostFrame(page).evaluate(async (m) => new Promise<Record<string, unknown>>((resolve, reject) => {
    const id = 2 ** 40 + Math.floor(Math.random() * 2 ** 30)
    const timer = setTimeout(() => { reject(new Error('the worker did not answer the relay')) }, 8000)
    addEventListener('iparo-host', (event) => {
      const reply = (event as CustomEvent<{ type: string, message?: Record<string, unknown> }>).detail.message
      if (reply?.id === id) { clearTimeout(timer); resolve(reply) }
    })
    postMessage({ type: 'worker', message: { ...m, ...(m.type === 'settings' ? { settings: {} } : {}), id } }, location.origin)
  }), what)
}

/** The worker's answer to `stats` or `settings`, by whichever way this checkout's app asks it. */
export async function askWorker (page: Page, run: Run, what: { type: 'stats' | 'settings' }): Promise<Record<string, unknown> | undefined> {
  const replay = new URL(run.node.replayUrl).origin
  try {
    return await call(page, replay, what)
  } catch {
    return await relayed(page, what).catch(() => undefined)
  }
}

export interface BenignReplay {
  title: string
  /** the frame's page came through the replay worker (rewritten, with its client script), not raw from the node */
  servedByWorker: boolean
  /** origins the replay worker sent requests to while it replayed the page */
  workerOrigins: string[]
  stats: Record<string, unknown> | undefined
  workerSettings: Record<string, unknown> | undefined
}

/** Replays the benign page in the app and reads what the worker did meanwhile. */
export async function benignReplay (run: Run, name: string): Promise<BenignReplay> {
  phase(run, name)
  const page = await newTab(run)
  try {
    const frame = await openInApp(page, run.node.url, run.node.replayUrl, BENIGN)
    const { title, servedByWorker } = await frame.evaluate(() => ({ title: document.title, servedByWorker: document.querySelector('script[src="/replay-client.js"]') != null }))
    await run.requests.settled()
    const origins = new Set(run.requests.all.filter(r => r.during === name && r.byWorker).map(r => new URL(r.url).origin))
    const stats = await askWorker(page, run, { type: 'stats' })
    const settings = await askWorker(page, run, { type: 'settings' })
    return { title, servedByWorker, workerOrigins: [...origins], stats: stats?.stats as Record<string, unknown> | undefined, workerSettings: settings?.settings as Record<string, unknown> | undefined }
  } finally {
    await page.close()
  }
}

/**
 * Opens the app and waits until the replay origin's registration runs `/sw.js` itself with no update
 * pending: an attack may have registered another script, and the host page's own registering then
 * installs a fresh worker (with fresh counters) in the middle of the check otherwise.
 */
export async function settleWorker (run: Run): Promise<void> {
  phase(run, 'check:settle-worker')
  const page = await newTab(run)
  try {
    await page.goto(`${run.node.url}#/`)
    await page.waitForEvent('framenavigated', { predicate: f => URL.parse(f.url())?.pathname === '/replay.html', timeout: 30_000 }).catch(() => {})
    await hostFrame(page).waitForFunction(async () => {
      const r = await navigator.serviceWorker.getRegistration('/')
      return r?.active != null && new URL(r.active.scriptURL).search === '' && r.installing == null && r.waiting == null
    }, undefined, { timeout: 30_000, polling: 100 })
  } finally {
    await page.close()
  }
}

/**
 * Offline, the workers answer from what they kept: the node is stopped and the app opened again, so
 * that the replay origin's cached host page (which an archived script could have replaced) is what
 * loads; whatever it then fetches from the outside counts as hits. Then the node is started again on
 * the same ports (the same origins, so the same storage). Returns the host page's title.
 */
export async function offlineHost (run: Run): Promise<string> {
  phase(run, 'check:offline-host')
  const ports = [new URL(run.node.url).port, new URL(run.node.replayUrl).port]
  await run.node.stop()
  const page = await newTab(run)
  let title: string
  try {
    const host = page.waitForEvent('framenavigated', { predicate: f => URL.parse(f.url())?.pathname === '/replay.html', timeout: 30_000 })
    await page.goto(`${run.node.url}#/`)
    const frame = await host
    await frame.waitForLoadState('load')
    await run.requests.settled()
    title = await frame.evaluate(() => document.title)
  } catch (err) {
    title = `(the host page did not open offline: ${String(err).split('\n')[0] ?? ''})`
  } finally {
    await page.close()
  }
  // the later of two --port options wins
  run.node = await serve(run.data, ['--port', ports[0] ?? '0', '--replay-port', ports[1] ?? '0'])
  return title
}

/** Stops every service worker (Chromium's DevTools protocol): the next request starts them from what they kept. */
export async function stopWorkers (run: Run): Promise<void> {
  const page = await newTab(run)
  try {
    const cdp = await run.context.newCDPSession(page)
    await cdp.send('ServiceWorker.enable')
    await cdp.send('ServiceWorker.stopAllWorkers')
    await cdp.detach()
  } finally {
    await page.close()
  }
}

export { BENIGN_TITLE }
