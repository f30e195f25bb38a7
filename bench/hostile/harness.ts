import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { launch } from '../../e2e/support/browser.ts'
import { FIXTURES, fresh, iparo, serve, type Served } from '../../e2e/support/iparo-process.ts'
import { writeWarc } from '../../e2e/support/make-warc.ts'
import { OUTSIDE_HOST, startOutside, type Outside } from './outside.ts'
import { pagePath, type Env, type Technique } from './page-kit.ts'
import { logRequests, type RequestLog } from './requests.ts'
import { HOSTILE_DIGITS, HOSTILE_SITE, hostileCaptures } from './techniques.ts'

export const BENIGN = '/iana/20140126200624/http://www.iana.org/'
export const BENIGN_TITLE = 'Internet Assigned Numbers Authority'
const HOSTILE = 'hostile'
/** how long a page may take to report (its steps are bounded: 3 s each, a few longer) */
const REPORT_MS = 45_000
/** how long the app may take to show a page that runs at all */
const START_MS = 20_000
const STAGE2_MS = 5000
const NAVIGATION_MS = 3000

export interface Run {
  node: Served
  /** the node's data folder (the checks restart the node on it) */
  data: string
  outside: Outside
  context: BrowserContext
  requests: RequestLog
  env: Env
  /** pages the browser opened by itself (pop-ups), with the technique that was running */
  popups: Array<{ url: string, during: string }>
  calibration: Record<string, number>
  /** what the harness is doing now: a technique's id or a check's name */
  during: string
}

/** A step as a page recorded it: name, 'ran' or 'threw', what it returned or the error. */
export type Step = [string, string, string]
/** `origin`: where the page's script ran (the replay origin, unless an attack got it elsewhere) */
export interface Report { id: string, stage: number, final: boolean, origin?: string, steps: Step[] }

export interface Played {
  id: string
  what: string
  /** the last report of each stage, in order */
  reports: Report[]
  /** every address the app's top frame had while the technique ran */
  appUrls: string[]
}

/** The node (iana + a hostile archive made for this run's outside listener), the listener, a fresh browser. */
export async function setUp (techniques: Technique[], log: (line: string) => void = () => {}): Promise<Run> {
  const outside = await startOutside()
  const calibration = await calibrate(outside)
  log(`outside listener ${outside.http} (udp ${outside.stun}); calibration hits ${JSON.stringify(calibration)}`)
  const env: Env = { out: outside.http, ws: outside.ws, stun: outside.stun, archive: HOSTILE, digits: HOSTILE_DIGITS, site: HOSTILE_SITE, benign: BENIGN }
  const data = fresh()
  const warc = join(data, 'hostile.warc')
  writeWarc(warc, hostileCaptures(env, techniques))
  for (const [file, name] of [[`${FIXTURES}pywb/iana.warc.gz`, 'iana'], [warc, HOSTILE]] as const) {
    const r = await iparo(['ingest', file, '--archive', name, '--data', data])
    if (r.code !== 0) throw new Error(r.stderr)
  }
  const node = await serve(data)
  log(`node ${node.url} (replay ${node.replayUrl}), ${techniques.length} hostile pages`)
  const { context } = await launch()
  const run: Run = { node, data, outside, context, requests: logRequests(context), env, popups: [], calibration, during: 'setup' }
  // every tab the harness opens is made with newPage while a phase runs; any other is a pop-up
  context.on('page', (p) => { if (!opening.has(run)) run.popups.push({ url: p.url(), during: run.during }) })
  return run
}

/** Tags what comes next (listener hits, requests, pop-ups) with `phase`. */
export function phase (run: Run, name: string): void {
  run.during = name
  run.outside.now(name)
  run.requests.now(name)
}

const opening = new WeakSet<Run>()

/** A tab of the harness's own (not counted as a pop-up). */
export async function newTab (run: Run): Promise<Page> {
  opening.add(run)
  try { return await run.context.newPage() } finally { opening.delete(run) }
}

export async function tearDown (run: Run): Promise<void> {
  await run.context.close()
  await run.node.stop()
  await run.outside.close()
}

/**
 * Proves the listener sees what a page can send it (HTTP, WebSocket, STUN over UDP, bare TCP): a
 * browser of its own opens a page on the listener and uses each channel. Zero hits later then means
 * something. The hits are counted, then forgotten.
 */
async function calibrate (outside: Outside): Promise<Record<string, number>> {
  outside.now('calibration')
  const { context } = await launch()
  try {
    const page = await context.newPage()
    await page.goto(`${outside.http}/calibrate`)
    await page.evaluate(async ({ ws, stun }) => {
      await fetch('/calibrate/fetch')
      await new Promise<void>((resolve) => { const s = new WebSocket(`${ws}/calibrate`); s.onopen = () => { s.close(); resolve() }; s.onerror = () => { resolve() } })
      const pc = new RTCPeerConnection({ iceServers: [{ urls: `stun:${stun}` }] })
      pc.createDataChannel('x')
      await pc.setLocalDescription(await pc.createOffer())
      await new Promise<void>((resolve) => { pc.onicecandidate = (e) => { if (e.candidate == null) resolve() }; setTimeout(resolve, 3000) })
      pc.close()
    }, { ws: outside.ws, stun: outside.stun })
  } finally {
    await context.close()
  }
  const counts: Record<string, number> = { tcp: 0, http: 0, ws: 0, udp: 0 }
  for (const h of outside.hits) counts[h.kind] = (counts[h.kind] ?? 0) + 1
  outside.hits.length = 0
  return counts
}

/** Waits for `check` to hold, re-checked whenever `wake` is called, at most `ms`. */
function until (wakers: Set<() => void>, check: () => boolean, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (check()) { resolve(true); return }
    const waker = (): void => { if (check()) { clearTimeout(timer); wakers.delete(waker); resolve(true) } }
    const timer = setTimeout(() => { wakers.delete(waker); resolve(false) }, ms)
    wakers.add(waker)
  })
}

/** Listens to a page for one technique's reports (console lines from any of its frames). */
function listen (page: Page, id: string): { reports: Report[], wakers: Set<() => void> } {
  const reports: Report[] = []
  const wakers = new Set<() => void>()
  page.on('console', (m) => {
    const text = m.text()
    if (!text.startsWith('__hostile__')) return
    try {
      const r = JSON.parse(text.slice('__hostile__'.length)) as Report
      if (r.id === id) { reports.push(r); for (const w of [...wakers]) w() }
    } catch { /* a line the page mangled: the steps are lost, the hits still count */ }
  })
  return { reports, wakers }
}

/**
 * Opens the app on the technique's page (`APP/#/hostile/DATETIME/URL`) in a new tab, waits for its final
 * report (and its second stage's, and a navigation it ends with, each bounded), then closes the tab.
 */
export async function play (run: Run, t: Technique): Promise<Played> {
  phase(run, t.id)
  const page = await newTab(run)
  const { reports, wakers } = listen(page, t.id)
  const appUrls: string[] = []
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) appUrls.push(f.url()) })
  const onRequest = (r: { url: () => string }): void => { if (URL.parse(r.url())?.hostname === OUTSIDE_HOST) for (const w of [...wakers]) w() }
  run.context.on('request', onRequest)
  const started = until(wakers, () => reports.length > 0, START_MS)
  const final = until(wakers, () => reports.some(r => r.final), REPORT_MS)
  await page.goto(`${run.node.url}#${pagePath(run.env, t.id)}`)
  // a page that never starts (an earlier attack broke the replay) is not waited for to the end
  if (await started) await final
  if (t.stage2 != null) await until(wakers, () => reports.some(r => r.stage === 2 && r.final), STAGE2_MS)
  if (t.navigates === true) {
    const before = run.requests.to(OUTSIDE_HOST).sent.length
    await until(wakers, () => run.requests.to(OUTSIDE_HOST).sent.length > before, NAVIGATION_MS)
  }
  appUrls.push(page.url())
  run.context.off('request', onRequest)
  await page.close()
  const last = new Map<number, Report>()
  for (const r of reports) last.set(r.stage, r)
  return { id: t.id, what: t.what, reports: [...last.values()].sort((a, b) => a.stage - b.stage), appUrls }
}
