/**
 * bench/replay: IPARO's replay against ReplayWeb.page, side by side in one run, on the same WARC.
 *
 *   npm run bench:replay [-- --runs 10]
 *
 * - ReplayWeb.page 2.5.x: its built sw.js/ui.js from the npm tarball (fetched once into bench/.cache/
 *   with `npm pack`), embedded with `<replay-web-page>` in a static page on loopback, loading
 *   pywb's iana.warc.gz from the same static server.
 * - IPARO: the same WARC ingested into a fresh data folder, `iparo serve --port 0`, pages opened in the
 *   replay frame alone: `REPLAY/replay.html#/iana/DATETIME/URL`.
 * - Per page and system, each run in a fresh Chromium profile: cold (first visit: worker install,
 *   RWP's WARC load and index, our first block fetches) then warm (a second tab, same profile).
 *   Time: top-level navigation start → the replayed frame's `load` event. Systems alternate per run.
 * - Then one screenshot of the replayed frame per page and system, and the share of differing pixels.
 *
 * Prints a table and writes bench/results/replay.json and bench/results/replay/*.png.
 */
import '../../src/node/polyfills.ts'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { Response } from 'playwright-core'
import { CHROMIUM } from '../../e2e/support/browser.ts'
import { FIXTURES, fresh, iparo, serve } from '../../e2e/support/iparo-process.ts'
import { ensureAppBuilt } from '../../src/node/app-build.ts'
import { inFreshProfile, newTab, visit, VIEWPORT } from './browser-visit.ts'
import { iparoReplay } from './iparo-system.ts'
import { settled, type LoadTiming } from './load-timing.ts'
import { pixelDiff } from './pixel-diff.ts'
import type { ReplaySystem, ReplayTarget } from './replay-system.ts'
import { replayWebPage } from './rwp-package.ts'
import { replayWebPageReplay, serveReplayWebPage } from './rwp-system.ts'
import { ratio, spread, type Spread } from './spread.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const RESULTS = join(ROOT, 'bench/results')
const SHOTS = join(RESULTS, 'replay')
const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } })
// --runs 0: screenshots and pixels only
const RUNS = Math.max(0, Number(values.runs))
const WARC = `${FIXTURES}pywb/iana.warc.gz`
const ARCHIVE = 'iana'
/** Screenshots cover the whole replayed page up to this height (the frame is made that tall). */
const SHOT_MAX_HEIGHT = 3000

/** The home page and three inner pages of the crawl, each with its stylesheet, web fonts and images. */
const PAGES: ReplayTarget[] = [
  { name: 'home', url: 'http://www.iana.org/', datetime: '20140126200624' },
  { name: 'numbers', url: 'http://www.iana.org/numbers', datetime: '20140126200651' },
  { name: 'about', url: 'http://www.iana.org/about', datetime: '20140126200706' },
  { name: 'domains', url: 'http://www.iana.org/domains', datetime: '20140126200825' }
]

interface Visits { cold: LoadTiming[], warm: LoadTiming[] }
interface Failure { system: string, page: string, run: number, visit: 'cold' | 'warm' | 'screenshot', error: string }

/** What went wrong on the replayed page while it loaded: what a pixel difference is usually made of. */
interface Diagnostics {
  failedRequests: string[]
  errorStatuses: string[]
  consoleErrors: string[]
  /** responses to the replayed frame's own requests (its document and subresources), and how many were redirects */
  frameResponses: number
  frameRedirects: string[]
}

async function screenshot (system: ReplaySystem, target: ReplayTarget): Promise<{ png: Buffer, diagnostics: Diagnostics }> {
  return inFreshProfile(async (context) => {
    const diagnostics: Diagnostics = { failedRequests: [], errorStatuses: [], consoleErrors: [], frameResponses: 0, frameRedirects: [] }
    const responses: Response[] = []
    context.on('requestfailed', r => { diagnostics.failedRequests.push(`${r.url()} (${r.failure()?.errorText ?? '?'})`) })
    context.on('response', r => {
      responses.push(r)
      if (r.status() >= 400) diagnostics.errorStatuses.push(`${r.status()} ${r.url()}`)
    })
    const page = await newTab(context)
    page.on('console', m => { if (m.type() === 'error') diagnostics.consoleErrors.push(m.text().slice(0, 300)) })
    const frame = await system.open(page, target)
    await settled(frame)
    // the whole page, not just the first screen: the viewport grows to the replayed document's height
    const height = await frame.evaluate(() => Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0))
    await page.setViewportSize({ width: VIEWPORT.width, height: Math.min(Math.max(height, VIEWPORT.height), SHOT_MAX_HEIGHT) })
    await settled(frame)
    const png = await (await frame.frameElement()).screenshot({ animations: 'disabled', caret: 'hide' })
    const ofFrame = responses.filter(r => r.request().serviceWorker() == null && r.frame() === frame)
    diagnostics.frameResponses = ofFrame.length
    diagnostics.frameRedirects = ofFrame.filter(r => r.status() >= 300 && r.status() < 400).map(r => `${r.status()} ${r.url()}`)
    return { png, diagnostics }
  })
}

const cell = (s: Spread, runs: number): string => s.runs === 0 ? 'no runs' : `${Math.round(s.p50)} (${Math.round(s.p10)}–${Math.round(s.p90)})${s.runs < runs ? ` n=${s.runs}` : ''}`
const times = (n: number): string => Number.isNaN(n) ? '–' : `${n.toFixed(2)}×`

/** Each page, RUNS times per system (alternating which goes first), cold then warm in a fresh profile. */
async function timeVisits (systems: ReplaySystem[], visits: Map<string, Visits>, failures: Failure[]): Promise<void> {
  for (const target of PAGES) {
    for (const system of systems) visits.set(`${target.name} ${system.name}`, { cold: [], warm: [] })
    for (let run = 0; run < RUNS; run++) {
      // alternate which goes first: the machine is shared, its load drifts over a run
      for (const system of run % 2 === 0 ? systems : [...systems].reverse()) {
        const v = visits.get(`${target.name} ${system.name}`) ?? { cold: [], warm: [] }
        await inFreshProfile(async (context) => {
          for (const which of ['cold', 'warm'] as const) {
            try {
              v[which].push(await visit(context, system, target))
            } catch (err) {
              // a failed visit is counted, not timed; a failed cold visit leaves no warm one to time
              failures.push({ system: system.name, page: target.name, run, visit: which, error: String(err).slice(0, 1500) })
              return
            }
          }
        })
      }
    }
  }
}

/** One screenshot per system, up to three tries: one stuck cold visit should not cost the page its comparison. */
async function screenshots (systems: ReplaySystem[], target: ReplayTarget, failures: Failure[]): Promise<Map<string, { png: Buffer, diagnostics: Diagnostics }>> {
  const shots = new Map<string, { png: Buffer, diagnostics: Diagnostics }>()
  for (const system of systems) {
    for (let attempt = 0; attempt < 3 && !shots.has(system.name); attempt++) {
      try {
        const shot = await screenshot(system, target)
        shots.set(system.name, shot)
        await writeFile(join(SHOTS, `${target.name}-${system.name}.png`), shot.png)
      } catch (err) {
        failures.push({ system: system.name, page: target.name, run: -1, visit: 'screenshot', error: String(err).slice(0, 1500) })
      }
    }
  }
  return shots
}

/** A page's timings per system, their ratios, and the differing pixels of the two screenshots. */
async function comparePage (target: ReplayTarget, reference: ReplaySystem, ours: ReplaySystem, visits: Map<string, Visits>, failures: Failure[]): Promise<Record<string, unknown>> {
  const shots = await screenshots([reference, ours], target, failures)
  const a = shots.get(reference.name)
  const b = shots.get(ours.name)
  let pixels: Record<string, unknown> | undefined
  if (a != null && b != null) {
    const d = pixelDiff(a.png, b.png)
    await writeFile(join(SHOTS, `${target.name}-diff.png`), d.diffPng)
    pixels = { width: d.width, height: d.height, sizes: { [reference.name]: d.sizes[0], [ours.name]: d.sizes[1] }, differingPixels: d.differingPixels, differingFraction: Math.round(d.differingFraction * 10000) / 10000 }
  }
  const summary = (system: ReplaySystem): Record<string, unknown> => {
    const v = visits.get(`${target.name} ${system.name}`) ?? { cold: [], warm: [] }
    return {
      coldLoadMs: spread(v.cold.map(t => t.loadMs)),
      warmLoadMs: spread(v.warm.map(t => t.loadMs)),
      coldFrameTtfbMs: spread(v.cold.map(t => t.frameTtfbMs)),
      coldFrameLoadMs: spread(v.cold.map(t => t.frameLoadMs)),
      warmFrameLoadMs: spread(v.warm.map(t => t.frameLoadMs)),
      screenshotDiagnostics: shots.get(system.name)?.diagnostics
    }
  }
  const r = summary(reference)
  const o = summary(ours)
  return {
    ...target,
    [reference.name]: r,
    [ours.name]: o,
    ratios: { cold: ratio(o.coldLoadMs as Spread, r.coldLoadMs as Spread), warm: ratio(o.warmLoadMs as Spread, r.warmLoadMs as Spread) },
    pixels
  }
}

interface Overall { ratios: { cold: number, warm: number }, [system: string]: unknown }

/** The table: per page and overall, each system's cold and warm load, the ratio, the differing pixels. */
function printTable (pages: Array<Record<string, unknown>>, overall: Overall, reference: ReplaySystem, ours: ReplaySystem, version: string): void {
  console.log(`bench/replay: ${PAGES.length} iana.org pages, ${RUNS} runs each, ReplayWeb.page ${version} vs IPARO, Chromium headless ${VIEWPORT.width}×${VIEWPORT.height}, loopback`)
  console.log('navigation → replayed page load, ms: p50 (p10–p90)')
  console.log(`${'page'.padEnd(9)}${'system'.padEnd(16)}${'cold'.padEnd(22)}${'warm'.padEnd(22)}pixels differing`)
  const rows = [...pages.map(p => ({ name: String(p.name), r: p[reference.name] as Record<string, Spread>, o: p[ours.name] as Record<string, Spread>, ratios: p.ratios as { cold: number, warm: number }, pixels: p.pixels as { differingFraction: number } | undefined, runs: RUNS })),
    { name: 'overall', r: overall[reference.name] as Record<string, Spread>, o: overall[ours.name] as Record<string, Spread>, ratios: overall.ratios, pixels: undefined, runs: RUNS * PAGES.length }]
  for (const row of rows) {
    console.log(`${row.name.padEnd(9)}${reference.name.padEnd(16)}${cell(row.r.coldLoadMs ?? spread([]), row.runs).padEnd(22)}${cell(row.r.warmLoadMs ?? spread([]), row.runs)}`)
    console.log(`${''.padEnd(9)}${ours.name.padEnd(16)}${cell(row.o.coldLoadMs ?? spread([]), row.runs).padEnd(22)}${cell(row.o.warmLoadMs ?? spread([]), row.runs)}`)
    console.log(`${''.padEnd(9)}${'ours ÷ RWP'.padEnd(16)}${times(row.ratios.cold).padEnd(22)}${times(row.ratios.warm).padEnd(22)}${row.pixels == null ? '' : `${(100 * row.pixels.differingFraction).toFixed(1)}%`}`)
  }
  console.log('target: ≤ 1.00× cold and warm')
}

async function main (): Promise<void> {
  await ensureAppBuilt(ROOT)
  const data = fresh()
  const ingest = await iparo(['ingest', WARC, '--archive', ARCHIVE, '--data', data])
  if (ingest.code !== 0) throw new Error(ingest.stderr)
  const node = await serve(data)
  const rwp = await replayWebPage(join(ROOT, 'bench/.cache'))
  const { server, source } = await serveReplayWebPage(rwp, WARC)
  const reference = replayWebPageReplay(server.url, source)
  const ours = iparoReplay(node.replayUrl, ARCHIVE)

  const visits = new Map<string, Visits>()
  const failures: Failure[] = []
  const pages: Array<Record<string, unknown>> = []
  try {
    await timeVisits([reference, ours], visits, failures)
    await mkdir(SHOTS, { recursive: true })
    for (const target of PAGES) pages.push(await comparePage(target, reference, ours, visits, failures))
  } finally {
    await server.close()
    await node.stop()
    await rm(data, { recursive: true, force: true })
  }

  const pooled = (system: ReplaySystem, which: 'cold' | 'warm'): Spread =>
    spread(PAGES.flatMap(t => (visits.get(`${t.name} ${system.name}`)?.[which] ?? []).map(v => v.loadMs)))
  const overall: Overall = {
    [reference.name]: { coldLoadMs: pooled(reference, 'cold'), warmLoadMs: pooled(reference, 'warm') },
    [ours.name]: { coldLoadMs: pooled(ours, 'cold'), warmLoadMs: pooled(ours, 'warm') },
    ratios: { cold: ratio(pooled(ours, 'cold'), pooled(reference, 'cold')), warm: ratio(pooled(ours, 'warm'), pooled(reference, 'warm')) },
    target: { cold: 1, warm: 1 }
  }
  const result = {
    machine: { chromium: CHROMIUM, runs: RUNS, viewport: VIEWPORT, date: new Date().toISOString() },
    replayWebPage: { version: rwp.version, tarball: rwp.tarball.replace(ROOT, ''), staticMisses: [...new Set(server.misses)] },
    warc: 'shared/fixtures/pywb/iana.warc.gz',
    measured: 'top-level navigation start → the replayed frame\'s load event end; cold: fresh profile; warm: second visit in the same profile',
    pages,
    overall,
    failures
  }
  await mkdir(RESULTS, { recursive: true })
  const out = join(RESULTS, 'replay.json')
  await writeFile(out, JSON.stringify(result, null, 2) + '\n')
  printTable(pages, overall, reference, ours, rwp.version)
  if (failures.length > 0) console.log(`failed visits (not timed; details in the JSON): ${failures.map(f => `${f.system} ${f.page} ${f.visit} run ${f.run}`).join(', ')}`)
  console.log(`wrote ${out} and screenshots in ${SHOTS}`)
}

await main()
