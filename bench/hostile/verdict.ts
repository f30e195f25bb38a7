import type { BenignReplay, ShownSettings } from './checks.ts'
import { BENIGN_TITLE, type Played, type Run, type Step } from './harness.ts'
import { OUTSIDE_HOST } from './outside.ts'

export interface TechniqueResult {
  id: string
  what: string
  /** false: the page never said it was done (it may have been stopped before it could) */
  reported: boolean
  /** each step as `stage:name`, 'ran' or 'threw', and what it returned or threw */
  steps: Step[]
  /** hits on the outside listener and requests the browser sent to it that name this technique (`/t/ID/`) */
  hits: string[]
  sent: string[]
  /** hits that name no technique (STUN, bare connections, a worker fetching blocks with settings an earlier attack changed), while it ran */
  unnamed: string[]
  /** requests to the outside the CSP refused before they were sent */
  refusedByCsp: string[]
  /** app addresses outside the hostile archive, and pop-ups */
  appMoved: string[]
  popups: string[]
  /** why it counts as having got through; empty: it held */
  through: string[]
}

export interface Checks {
  outsideHits: number
  sentToOutside: number
  refusedByCsp: number
  settingsBefore: ShownSettings
  settingsAfter: ShownSettings
  benign: BenignReplay & { offlineHostTitle: string }
  nodeOrigins: string[]
  through: string[]
}

const NAMED = /\/t\/([a-z0-9-]+)\//
/** Whether a hit or request belongs to technique `id`: it names it, or it names none and came while `id` ran. */
const mine = (id: string, during: string, text: string): boolean => {
  const named = NAMED.exec(text)?.[1]
  return named != null ? named === id : during === id
}

/** Addresses of the app's top frame outside its own origin or outside the hostile archive. */
export function movedOutside (run: Run, urls: string[]): string[] {
  const app = new URL(run.node.url).origin
  return urls.filter((u) => {
    const url = URL.parse(u)
    if (url == null || url.origin !== app) return u !== 'about:blank'
    let hash = url.hash
    try { hash = decodeURIComponent(hash) } catch { /* kept as it is */ }
    return !(hash === '' || hash === '#' || hash.startsWith(`#/${run.env.archive}/`))
  })
}

export function judge (run: Run, p: Played): TechniqueResult {
  const ours = run.outside.hits.filter(h => mine(p.id, h.during, h.what))
  const hits = ours.filter(h => NAMED.test(h.what)).map(h => `${h.kind} ${h.what}`)
  const unnamed = ours.filter(h => !NAMED.test(h.what)).map(h => `${h.kind} ${h.what}`)
  const { sent, refused } = run.requests.to(OUTSIDE_HOST)
  const sentHere = sent.filter(r => mine(p.id, r.during, r.url)).map(r => `${r.byWorker ? 'worker ' : ''}${r.url}${r.failure != null ? ` (${r.failure})` : ''}`)
  const appMoved = movedOutside(run, p.appUrls)
  const popups = run.popups.filter(x => x.during === p.id).map(x => x.url)
  // an archived script that runs anywhere but the replay origin (the app's!) has left its cage
  const replay = new URL(run.node.replayUrl).origin
  const elsewhere = [...new Set(p.reports.map(r => r.origin).filter((o): o is string => o != null && o !== replay && o !== 'null'))]
  const through = [
    ...(hits.length > 0 ? [`${hits.length} hits on the outside listener`] : []),
    ...(unnamed.length > 0 ? [`${unnamed.length} unnamed hits while it ran (${[...new Set(unnamed.map(u => u.split(' ')[0]))].join(', ')})`] : []),
    ...(sentHere.length > 0 ? [`${sentHere.length} requests sent to ${OUTSIDE_HOST}`] : []),
    ...(appMoved.length > 0 ? [`the app moved to ${appMoved.join(', ')}`] : []),
    ...(popups.length > 0 ? [`${popups.length} pop-ups`] : []),
    ...(elsewhere.length > 0 ? [`its script ran on ${elsewhere.join(', ')}`] : [])
  ]
  return {
    id: p.id,
    what: p.what,
    reported: p.reports.some(r => r.final),
    steps: p.reports.flatMap(r => r.steps.map(([name, how, note]): Step => [`${r.stage}:${name}`, how, note])),
    hits,
    sent: sentHere,
    unnamed,
    refusedByCsp: refused.filter(r => mine(p.id, r.during, r.url)).map(r => r.url),
    appMoved,
    popups,
    through
  }
}

/** replay.html's own title: offline, the host page must still be ours */
const HOST_TITLE = 'IPARO replay frame'
const same = (a: string[], b: string[]): boolean => a.join('\n') === b.join('\n')

/** The pass criteria of the whole run (checked once every page ran and the browser closed). */
export function judgeRun (run: Run, before: ShownSettings, after: ShownSettings, benign: Checks['benign'], results: TechniqueResult[]): Checks {
  const nodeOrigins = [new URL(run.node.url).origin, new URL(run.node.replayUrl).origin]
  const { sent, refused } = run.requests.to(OUTSIDE_HOST)
  const gateways = benign.workerSettings?.gateways
  const dropped = Number(benign.stats?.corruptDropped ?? 0)
  const through = [
    ...(run.outside.hits.length > 0 ? [`${run.outside.hits.length} hits on the outside listener`] : []),
    ...(sent.length > 0 ? [`${sent.length} requests sent to ${OUTSIDE_HOST}`] : []),
    ...(!same(before.gateways, after.gateways) || !same(before.routers, after.routers) ? [`the settings view changed: ${JSON.stringify(before)} → ${JSON.stringify(after)}`] : []),
    ...(after.gateways.some(g => !nodeOrigins.includes(g)) ? ['the settings view lists a gateway that is not the node'] : []),
    ...(benign.workerOrigins.some(o => !nodeOrigins.includes(o)) ? [`the worker fetched from ${benign.workerOrigins.join(', ')}`] : []),
    ...(Array.isArray(gateways) && gateways.some(g => !nodeOrigins.includes(String(g))) ? [`the worker's gateways are ${JSON.stringify(gateways)}`] : []),
    ...(benign.title !== BENIGN_TITLE ? [`the benign page shows "${benign.title}"`] : []),
    ...(benign.servedByWorker ? [] : ['the benign page was not served by the replay worker (raw from the node: no rewriting, no replay CSP)']),
    ...(benign.offlineHostTitle === HOST_TITLE ? [] : [`offline, the replay host page is "${benign.offlineHostTitle}"`]),
    ...(dropped > 0 ? [] : [`tampered blocks not detected (corruptDropped ${String(benign.stats?.corruptDropped)})`]),
    ...results.filter(r => r.appMoved.length > 0).map(r => `${r.id} moved the app`),
    ...(run.popups.length > 0 ? [`${run.popups.length} pop-ups`] : [])
  ]
  return { outsideHits: run.outside.hits.length, sentToOutside: sent.length, refusedByCsp: refused.length, settingsBefore: before, settingsAfter: after, benign, nodeOrigins, through }
}

/** One line per technique: what got through, else which steps were refused (their first error). */
export function table (results: TechniqueResult[], checks: Checks): string {
  const rows = results.map((r) => {
    const threw = r.steps.filter(s => s[1] === 'threw').length
    const verdict = r.through.length > 0 ? `GOT THROUGH: ${r.through.join('; ')}` : 'held'
    return `| ${r.id} | ${verdict} | ${r.steps.length - threw} ran, ${threw} threw${r.reported ? '' : ', no final report'} | ${r.refusedByCsp.length} |`
  })
  const held = results.filter(r => r.through.length === 0).length
  return [
    '| technique | result | steps | refused by CSP |',
    '|---|---|---|---|',
    ...rows,
    '',
    `${held} of ${results.length} techniques held; outside listener hits: ${checks.outsideHits}; requests sent to ${OUTSIDE_HOST}: ${checks.sentToOutside} (${checks.refusedByCsp} more refused by CSP before sending)`,
    `settings view before: ${JSON.stringify(checks.settingsBefore)}, after: ${JSON.stringify(checks.settingsAfter)}`,
    `benign replay after the attacks: "${checks.benign.title}", worker fetched from ${JSON.stringify(checks.benign.workerOrigins)}, corruptDropped ${String(checks.benign.stats?.corruptDropped)}; offline host page: "${checks.benign.offlineHostTitle}"`,
    checks.through.length === 0 ? 'PASS: nothing got through' : `FAIL: ${checks.through.join('; ')}`
  ].join('\n')
}
