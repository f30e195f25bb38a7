import { isFromReplayedPage, isToHost, type FromHost, type FromWorker, type ToHost } from '../browser/replay-messages.ts'

/**
 * The replay origin's page: registers the service worker, holds the frame where archived pages run,
 * and relays between the app (its parent, on the app's origin) and the worker. Archived pages never
 * see the app: they are one frame further down, and the worker only takes orders from this page.
 */
const frame = document.querySelector<HTMLIFrameElement>('#replay')
if (frame == null) throw new Error('replay.html has no #replay frame')
const replayFrame = frame

/** The app's origin: the parent's, as the browser reports it (a page framed elsewhere gets no parent). */
function parentOrigin (): string | undefined {
  if (window.parent === window) return undefined
  const ancestor = location.ancestorOrigins?.[0]
  if (ancestor != null) return ancestor
  return document.referrer !== '' ? new URL(document.referrer).origin : undefined
}
const appOrigin = parentOrigin()

function toApp (message: FromHost): void {
  if (appOrigin != null) window.parent.postMessage(message, appOrigin)
  window.dispatchEvent(new CustomEvent<FromHost>('iparo-host', { detail: message }))
}

/** Only URI-M paths on this origin go into the frame. */
function open (page: string): void {
  const url = new URL(page, location.origin)
  if (url.origin !== location.origin) return
  replayFrame.src = url.href
}

async function start (): Promise<ServiceWorker> {
  const registering = navigator.serviceWorker.register('/sw.js', { type: 'module', scope: '/' })
  // Offline, registering fails (the script cannot be fetched to look for an update), yet the worker
  // installed before runs: use it, and let the update check fail quietly.
  const existing = await navigator.serviceWorker.getRegistration('/')
  if (existing?.active != null) { registering.catch(() => {}); return existing.active }
  const registration = await registering
  await navigator.serviceWorker.ready
  const worker = registration.active
  if (worker == null) throw new Error('the replay service worker did not activate')
  return worker
}

const ready = start()

navigator.serviceWorker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
  toApp({ type: 'worker', message: event.data })
})

replayFrame.addEventListener('load', () => {
  try {
    const at = replayFrame.contentWindow?.location
    if (at != null && at.origin === location.origin) {
      const title = replayFrame.contentDocument?.title ?? ''
      toApp({ type: 'navigated', page: at.pathname + at.search, ...(title !== '' ? { title } : {}) })
    }
  } catch {
    // a frame that navigated away from this origin is not ours to read
  }
})

/** Resolves once the worker controls this page, so that its fetches are answered from the archive (and offline). */
async function controlled (): Promise<void> {
  await ready
  if (navigator.serviceWorker.controller != null) return
  await new Promise<void>((resolve) => { navigator.serviceWorker.addEventListener('controllerchange', () => { resolve() }, { once: true }) })
}

async function relayFetch (id: number, path: string): Promise<void> {
  await controlled()
  try {
    const response = await fetch(new URL(path, location.origin), { headers: { Accept: 'application/json' } })
    toApp({ type: 'fetched', id, status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text(), headers: Object.fromEntries(response.headers) })
  } catch (err) {
    // the worker answers every path; a failure here is the worker itself failing
    toApp({ type: 'fetched', id, status: 0, contentType: 'text/plain', body: String(err) })
  }
}

async function handle (message: ToHost): Promise<void> {
  const worker = await ready
  if (message.type === 'open') open(message.page)
  else if (message.type === 'fetch') await relayFetch(message.id, message.path)
  else worker.postMessage(message.message)
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // The replayed page's client script reports what it shows; only the replay frame itself is heard (not its subframes).
  if (event.source === replayFrame.contentWindow && event.origin === location.origin && event.source != null) {
    if (isFromReplayedPage(event.data)) {
      const { page, url, title, datetime } = event.data
      toApp({ type: 'page', page, url, title, datetime })
    }
    return
  }
  const fromApp = appOrigin != null && event.origin === appOrigin && event.source === window.parent
  const fromSelf = event.origin === location.origin && event.source === window
  if ((!fromApp && !fromSelf) || !isToHost(event.data)) return
  void handle(event.data)
})

void ready.then(() => {
  document.documentElement.dataset.ready = 'true'
  toApp({ type: 'ready' })
  // `replay.html#/<archive>/<datetime>/<url>`: a page opened without the app
  if (location.hash.length > 1) open(decodeURIComponent(location.hash.slice(1)))
}, (err: unknown) => {
  document.body.textContent = `The replay service worker could not start: ${String(err)}`
})
