import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Frame, type Page, type Request } from 'playwright-core'
import { expect } from 'vitest'
import { SETTINGS_KEY } from '../../src/app/owned-settings.ts'
import type { CallReply, WorkerCall } from '../../src/messages/replay-messages.ts'
import { DEFAULT_QUOTA_BYTES, type ReplaySettings } from '../../src/messages/settings-defaults.ts'
import { callUrl } from '../../src/messages/worker-call.ts'

/** Debian's Chromium: Playwright's own browser download does not work on these machines. */
export const CHROMIUM = '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export const freshProfile = (): string => mkdtempSync(join(tmpdir(), 'iparo-chromium-'))

/** A browser with its own profile folder; the same folder again restarts it with its storage. `proxy`: every request through it (a recording proxy). */
export async function launch (profile = freshProfile(), options: { proxy?: string } = {}): Promise<{ context: BrowserContext, profile: string }> {
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, ...(options.proxy != null ? { proxy: { server: options.proxy } } : {}) })
  return { context, profile }
}

/**
 * Offline from here on: stops the node, checks that it no longer answers, and restarts the browser on
 * `profile` (whose first context the caller has closed), so only what the browser kept can serve.
 */
export async function relaunchWithoutNode (profile: string, node: { url: string, stop: () => Promise<void> }): Promise<{ context: BrowserContext, profile: string }> {
  await node.stop()
  await expect(fetch(node.url)).rejects.toThrow()
  return await launch(profile)
}

/** Resolves with the first frame of `page` that loads `url` (path and query compared), once loaded. */
export async function frameLoading (page: Page, url: string): Promise<Frame> {
  const wanted = new URL(url)
  const frame = await page.waitForEvent('framenavigated', {
    predicate: f => { const at = URL.parse(f.url()); return at != null && at.origin === wanted.origin && at.pathname + at.search === wanted.pathname + wanted.search },
    timeout: 30_000
  })
  await frame.waitForLoadState('load')
  return frame
}

/**
 * Opens the app at `appUrl` on a URI-M: the app loads the replay host from the replay origin, which
 * registers the worker and opens the page in its frame. Resolves with the frame of archived content.
 */
export async function openInApp (page: Page, appUrl: string, replayUrl: string, uriM: string): Promise<Frame> {
  const loaded = frameLoading(page, new URL(uriM, replayUrl).href)
  await page.goto(`${appUrl}#${uriM}`)
  return loaded
}

/** The replay host page alone (no app), its worker ready: what a replay origin shows on its own. */
export async function openHost (page: Page, replayUrl: string): Promise<void> {
  await page.goto(new URL('/replay.html', replayUrl).href)
  await page.waitForSelector('html[data-ready="true"]')
}

/** Opens a URI-M in the host page's frame and resolves with that frame once loaded. */
export async function openInHost (page: Page, replayUrl: string, uriM: string): Promise<Frame> {
  const loaded = frameLoading(page, new URL(uriM, replayUrl).href)
  await hostFrame(page).evaluate((p) => { window.postMessage({ type: 'open', page: p }, location.origin) }, uriM)
  return loaded
}

/** The Helia blockstore's IndexedDB, read or changed from a page of the replay origin, as an archived script could. */
export async function idbBlocks (frame: Frame, change?: { keys: string[], flip: boolean }): Promise<Record<string, number[]>> {
  return frame.evaluate(async (c) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => { const r = indexedDB.open('iparo-blocks'); r.onsuccess = () => { resolve(r.result) }; r.onerror = () => { reject(r.error) } })
    const store = db.transaction('iparo-blocks', 'readwrite').objectStore('iparo-blocks')
    const req = <T>(r: IDBRequest<T>): Promise<T> => new Promise((resolve, reject) => { r.onsuccess = () => { resolve(r.result) }; r.onerror = () => { reject(r.error) } })
    const out: Record<string, number[]> = {}
    const keys = c?.keys ?? (await req(store.getAllKeys())).map(String)
    for (const key of keys) {
      const value = await req(store.get(key)) as Uint8Array | undefined
      if (value == null) continue
      if (c?.flip === true) { const altered = new Uint8Array(value); altered[0] = (altered[0] ?? 0) ^ 0xff; await req(store.put(altered, key)) }
      out[key] = c == null ? [] : [...value]
    }
    db.close()
    return out
  }, change)
}

/** The replay host page's frame (the app's iframe, or the page itself when opened alone). */
export function hostFrame (page: Page): Frame {
  const host = page.frames().find(f => new URL(f.url()).pathname === '/replay.html')
  if (host == null) throw new Error('no replay host frame on this page')
  return host
}

/**
 * A call to the replay worker from the app's page, as the app makes it (src/app/worker-link.ts): a
 * frame of the app's document navigates to the worker's call path, whose answer posts the replies.
 * `settings` are stored as the person's own (on the app's origin, merged with the node's defaults)
 * before the call carries them, so the app's own calls keep them too.
 */
export async function askWorker (app: Page, replayUrl: string, call: WorkerCall, settings?: Partial<ReplaySettings>): Promise<{ answer: CallReply, progress: CallReply[] }> {
  const replay = new URL(replayUrl).origin
  const defaults: ReplaySettings = { gateways: [replay], routers: [replay], quotaBytes: DEFAULT_QUOTA_BYTES }
  const frame = app.mainFrame()
  const stored = await frame.evaluate(({ key, defaults, settings }) => {
    if (settings != null) localStorage.setItem(key, JSON.stringify({ ...(JSON.parse(localStorage.getItem(key) ?? 'null') ?? defaults), ...settings }))
    return JSON.parse(localStorage.getItem(key) ?? 'null') as ReplaySettings | null
  }, { key: SETTINGS_KEY, defaults, settings })
  const id = randomUUID()
  const url = callUrl(replay, { id, call, ...(stored != null ? { settings: stored } : {}) })
  return frame.evaluate(async ({ id, url }) => new Promise<{ answer: CallReply, progress: CallReply[] }>((resolve) => {
    const progress: CallReply[] = []
    const call = document.createElement('iframe')
    call.hidden = true
    call.referrerPolicy = 'origin'
    window.addEventListener('message', (event) => {
      const data = event.data as { iparoCall?: string, reply: CallReply, final: boolean }
      if (event.source !== call.contentWindow || data?.iparoCall !== id) return
      if (!data.final) { progress.push(data.reply); return }
      call.remove()
      resolve({ answer: data.reply, progress })
    })
    call.src = url
    document.body.append(call)
  }), { id, url })
}

export interface Seen {
  url: string, status: number | undefined, fromServiceWorker: boolean, failure: string | undefined, byWorker: boolean, frameUrl: string | undefined
  /** the origin of the service worker that made the request (the app's and the replay origin each have one) */
  workerOrigin: string | undefined
}

/** Every request of the browser (pages, frames, workers), with how it ended. */
export function recordRequests (context: BrowserContext): { seen: Seen[], settled: () => Promise<void> } {
  const seen: Seen[] = []
  const entries = new Map<Request, Seen>()
  const pending = new Set<Promise<void>>()
  const track = (request: Request): void => {
    const worker = request.serviceWorker()
    const entry: Seen = { url: request.url(), status: undefined, fromServiceWorker: false, failure: undefined, byWorker: worker != null, frameUrl: undefined, workerOrigin: worker != null ? new URL(worker.url()).origin : undefined }
    if (!entry.byWorker) { try { entry.frameUrl = request.frame().url() } catch { /* a worker's request has no frame */ } }
    seen.push(entry)
    entries.set(request, entry)
    const done = request.response().then(r => {
      entry.status = r?.status()
      entry.fromServiceWorker = r?.fromServiceWorker() ?? false
    }, () => {}).finally(() => pending.delete(done))
    pending.add(done)
  }
  context.on('request', track)
  context.on('requestfailed', r => { const e = entries.get(r); if (e != null) e.failure = r.failure()?.errorText })
  return { seen, settled: async () => { await Promise.all([...pending]) } }
}
