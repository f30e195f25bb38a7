import { isFromReplayedPage, isToHost, type FromHost } from '../messages/replay-messages.ts'
import { WEBRTC_CONSTRUCTORS } from '../messages/webrtc-constructors.ts'

/**
 * The replay origin's page: registers the service worker and holds the frame where archived pages
 * run. It holds nothing worth taking: archived scripts share this origin and can script it, so it
 * gives the worker no orders (the app does, by calls the worker authenticates: src/messages/
 * worker-call.ts) and everything it tells the app is a report the app checks. Its CSP (no eval, no
 * inline script, every fetch on this origin) keeps a script that reaches it from using it to reach
 * the outside (docs/replay-origins.md).
 */
const frame = document.querySelector<HTMLIFrameElement>('#replay')
if (frame == null) throw new Error('replay.html has no #replay frame')
const replayFrame = frame

// WebRTC is the one way out that no CSP governs: this realm has no use for it.
for (const name of WEBRTC_CONSTRUCTORS) Reflect.deleteProperty(window, name)

/** The app's origin: the parent's, as the browser reports it (a page framed elsewhere gets no parent). */
function parentOrigin (): string | undefined {
  if (window.parent === window) return undefined
  return location.ancestorOrigins?.[0] ?? (document.referrer !== '' ? new URL(document.referrer).origin : undefined)
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

async function start (): Promise<void> {
  const registering = navigator.serviceWorker.register('/sw.js', { type: 'module', scope: '/' })
  // Offline, registering fails (the script cannot be fetched to look for an update), yet the worker
  // installed before runs: use it, and let the update check fail quietly.
  const existing = await navigator.serviceWorker.getRegistration('/')
  if (existing?.active != null) { registering.catch(() => {}); return }
  const registration = await registering
  await navigator.serviceWorker.ready
  if (registration.active == null) throw new Error('the replay service worker did not activate')
}

/** Resolves once the worker controls this page, so that the frame's fetches are answered from the archive. */
async function controlled (): Promise<void> {
  await start()
  if (navigator.serviceWorker.controller != null) return
  await new Promise<void>((resolve) => { navigator.serviceWorker.addEventListener('controllerchange', () => { resolve() }, { once: true }) })
}

// The worker started without the app's settings and asks for them: a hint the app answers with a call.
navigator.serviceWorker.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data
  if (typeof data === 'object' && data != null && (data as { type?: unknown }).type === 'settings-wanted') toApp({ type: 'settings-wanted' })
})

replayFrame.addEventListener('load', () => {
  try {
    const at = replayFrame.contentWindow?.location
    if (at != null && at.origin === location.origin) {
      const title = replayFrame.contentDocument?.title ?? ''
      toApp({ type: 'navigated', page: at.pathname + at.search, ...(title !== '' ? { title: title.slice(0, 1000) } : {}) })
    }
  } catch {
    // a frame that navigated away from this origin is not ours to read
  }
})

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
  if ((fromApp || fromSelf) && isToHost(event.data)) open(event.data.page)
})

void controlled().then(() => {
  document.documentElement.dataset.ready = 'true'
  toApp({ type: 'ready' })
  // `replay.html#/<archive>/<datetime>/<url>`: a page opened without the app
  if (location.hash.length > 1) open(decodeURIComponent(location.hash.slice(1)))
}, (err: unknown) => {
  document.body.textContent = `The replay service worker could not start: ${String(err)}`
})
