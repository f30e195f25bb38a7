import type { BrowserContext, Request } from 'playwright-core'

/** How Chromium reports a request its CSP refused before sending it (as e2e/sw-no-leak.spec.ts reads it). */
export const BLOCKED_BY_CSP = /^(csp|net::ERR_BLOCKED_BY_CSP)$/

export interface Logged {
  url: string
  /** made by a service worker (the replay worker, or one an attack registered) */
  byWorker: boolean
  /** what the harness was doing: a technique's id, or a check's name */
  during: string
  failure?: string
}

export interface RequestLog {
  all: Logged[]
  /** what later requests are tagged with */
  now: (phase: string) => void
  /** requests whose URL is on `host`, split into sent and refused by the CSP before sending */
  to: (host: string) => { sent: Logged[], refused: Logged[] }
  /** every request's response or failure is known */
  settled: () => Promise<void>
}

/** Playwright's view of every request of the browser (pages, frames, workers, service workers), tagged by phase. */
export function logRequests (context: BrowserContext): RequestLog {
  const all: Logged[] = []
  const entries = new Map<Request, Logged>()
  const pending = new Set<Promise<unknown>>()
  let during = 'setup'
  context.on('request', (request) => {
    const entry: Logged = { url: request.url(), byWorker: request.serviceWorker() != null, during }
    all.push(entry)
    entries.set(request, entry)
    const done: Promise<unknown> = request.response().catch(() => undefined).finally(() => pending.delete(done))
    pending.add(done)
  })
  context.on('requestfailed', (request) => {
    const entry = entries.get(request)
    if (entry != null) entry.failure = request.failure()?.errorText ?? 'failed'
  })
  return {
    all,
    now: (phase) => { during = phase },
    to: (host) => {
      const on = all.filter(r => URL.parse(r.url)?.hostname === host)
      return { sent: on.filter(r => !BLOCKED_BY_CSP.test(r.failure ?? '')), refused: on.filter(r => BLOCKED_BY_CSP.test(r.failure ?? '')) }
    },
    settled: async () => { await Promise.all([...pending]) }
  }
}
