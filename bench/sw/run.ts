/**
 * bench/sw: the replay service worker in Debian's Chromium, against the local node.
 *
 *   npx tsx bench/sw/run.ts [--runs 10]
 *
 * 1. Bundle: sw.js raw, gzip and brotli sizes (target ≤ 200 KB gzip), and what dominates it (source
 *    bytes by package in the source map, before minification).
 * 2. First replay, empty cache: a fresh browser profile per run, the worker registered but Helia not
 *    yet created; time to first byte and to `load` of the iana.org home page in the replay frame, blocks
 *    fetched. Reference in the same run: the same URI-M replayed by the node itself (no worker).
 * 3. Cold start from IndexedDB, node stopped: the page saved for offline, the node killed, then per run
 *    the browser restarted on that profile and the URI-M opened: time to first byte (target p50 ≤ 500 ms).
 *
 * 4. Round trips: the same page through a loopback proxy in front of the node's gateway that adds a
 *    fixed delay per request (`--delays 0,50,150` ms) and counts requests and bytes; cold (fresh
 *    profile) and warm (viewed again), per delay: requests, CAR and single-block requests, blocks,
 *    bytes, time to first byte and `load` (docs/round-trips.md).
 *
 * Prints a table and writes bench/results/sw.json.
 */
import '../../src/node/polyfills.ts'
import { readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import type { BrowserContext, Frame } from 'playwright-core'
import { askWorker, frameLoading, launch, openHost, openInHost } from '../../e2e/support/browser.ts'
import { FIXTURES, fresh, iparo, serve, type Served } from '../../e2e/support/iparo-process.ts'
import { ensureAppBuilt } from '../../src/node/app-build.ts'
import { roundTrips, type View } from './round-trips.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' }, delays: { type: 'string', default: '0,50,150' } } })
const DELAYS = values.delays.split(',').filter(d => d !== '').map(Number)
const RUNS = Math.max(1, Number(values.runs))
const HOME = '/iana/20140126200624/http://www.iana.org/'

interface Timing { ttfbMs: number, loadMs: number }
interface Summary { runs: number, p50: number, min: number, max: number, spread: number }

const round = (n: number): number => Math.round(n * 10) / 10
function summary (values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b)
  const p50 = sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN
  const min = sorted[0] ?? NaN
  const max = sorted.at(-1) ?? NaN
  return { runs: values.length, p50: round(p50), min: round(min), max: round(max), spread: round(max - min) }
}

/** Navigation Timing of the document in `frame`, relative to its own navigation start. */
async function timing (frame: Frame): Promise<Timing> {
  return frame.evaluate(async () => {
    if (document.readyState !== 'complete') await new Promise(resolve => { addEventListener('load', resolve, { once: true }) })
    await new Promise(resolve => setTimeout(resolve, 0))
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
    return { ttfbMs: nav.responseStart, loadMs: nav.loadEventEnd }
  })
}

function bundle (): Record<string, unknown> {
  const code = readFileSync(join(ROOT, 'dist/app/sw.js'))
  const map = JSON.parse(readFileSync(join(ROOT, 'dist/app/sw.js.map'), 'utf8')) as { sources: string[], sourcesContent?: Array<string | null> }
  const byPackage = new Map<string, number>()
  map.sources.forEach((source, i) => {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)
    const name = m?.[1] ?? (source.includes('/src/core/') ? '(iparo src/core)' : '(iparo sw, src/messages, src/replay-client)')
    byPackage.set(name, (byPackage.get(name) ?? 0) + (map.sourcesContent?.[i]?.length ?? 0))
  })
  const total = [...byPackage.values()].reduce((a, b) => a + b, 0)
  const top = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([name, bytes]) => ({ name, share: Math.round(1000 * bytes / total) / 10 }))
  return { rawBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, brotliBytes: brotliCompressSync(code).length, targetGzipBytes: 200 * 1024, topSourcesBeforeMinification: top }
}

async function withBrowser<T> (profile: string | undefined, fn: (context: BrowserContext) => Promise<T>): Promise<T> {
  const { context } = await launch(profile)
  try { return await fn(context) } finally { await context.close() }
}

async function main (): Promise<void> {
  await ensureAppBuilt(ROOT)
  const data = fresh()
  const ingest = await iparo(['ingest', `${FIXTURES}pywb/iana.warc.gz`, '--archive', 'iana', '--data', data])
  if (ingest.code !== 0) throw new Error(ingest.stderr)
  const node = await serve(data)
  const { first, reference, fetched } = await firstReplays(node)
  const trips: Array<{ delayMs: number, cold: View[], warm: View[] }> = []
  for (const delayMs of DELAYS) trips.push({ delayMs, ...await roundTrips(node, HOME, delayMs, RUNS, timing) })
  const profile = await savedProfile(node)
  await node.stop()
  const cold = await coldStarts(node, profile)
  const result = { ...results(first, reference, fetched, cold), gatewayRoundTrips: trips.map(t => ({ delayMs: t.delayMs, cold: views(t.cold), warm: views(t.warm) })) }
  const out = join(ROOT, 'bench/results/sw.json')
  await mkdir(join(ROOT, 'bench/results'), { recursive: true })
  await writeFile(out, JSON.stringify(result, null, 2) + '\n')
  printTable(result, out)
}

/** 2. first replay with an empty cache, alternating with the node's own replay as the reference */
async function firstReplays (node: Served): Promise<{ first: Timing[], reference: Timing[], fetched: number[] }> {
  const first: Timing[] = []
  const reference: Timing[] = []
  const fetched: number[] = []
  for (let i = 0; i < RUNS; i++) {
    await withBrowser(undefined, async (context) => {
      const page = await context.newPage()
      await openHost(page, node.replayUrl)
      first.push(await timing(await openInHost(page, node.replayUrl, HOME)))
      const app = await context.newPage()
      await app.goto(node.url)
      const { answer } = await askWorker(app, node.replayUrl, { type: 'stats' })
      if (answer.type === 'stats') fetched.push(answer.stats.fetched)
    })
    await withBrowser(undefined, async (context) => {
      const page = await context.newPage()
      const loaded = frameLoading(page, new URL(HOME, node.url).href)
      await page.goto(new URL(HOME, node.url).href)
      reference.push(await timing(await loaded))
    })
  }
  return { first, reference, fetched }
}

/** 3. (setup) a browser profile where the page was saved for offline while the node ran */
async function savedProfile (node: Served): Promise<string> {
  const { profile } = await launch().then(async ({ context, profile }) => {
    const page = await context.newPage()
    await openHost(page, node.replayUrl)
    await openInHost(page, node.replayUrl, HOME)
    const app = await context.newPage()
    await app.goto(node.url)
    const { answer } = await askWorker(app, node.replayUrl, { type: 'save', page: HOME })
    if (answer.type !== 'save-done' || answer.failed.length > 0) throw new Error(`save failed: ${JSON.stringify(answer)}`)
    await context.close()
    return { profile }
  })
  return profile
}

/** 3. cold start from IndexedDB with the node stopped */
async function coldStarts (node: Served, profile: string): Promise<Timing[]> {
  const cold: Timing[] = []
  for (let i = 0; i < RUNS; i++) {
    await withBrowser(profile, async (context) => {
      const page = await context.newPage()
      const url = new URL(HOME, node.replayUrl).href
      const loaded = frameLoading(page, url)
      await page.goto(url)
      cold.push(await timing(await loaded))
    })
  }
  return cold
}

type Results = ReturnType<typeof results> & { gatewayRoundTrips: Array<{ delayMs: number, cold: ReturnType<typeof views>, warm: ReturnType<typeof views> }> }

/** A phase of round-trip views, summarised field by field. */
function views (all: View[]) {
  const of = (k: keyof View): Summary => summary(all.map(v => v[k]))
  return { ttfbMs: of('ttfbMs'), loadMs: of('loadMs'), requests: of('requests'), carRequests: of('carRequests'), rawRequests: of('rawRequests'), blocks: of('blocks'), bytes: of('bytes') }
}

/** What bench/results/sw.json holds: the bundle and each phase's timings, summarised. */
function results (first: Timing[], reference: Timing[], fetched: number[], cold: Timing[]) {
  return {
    machine: { chromium: '/usr/bin/chromium', runs: RUNS, date: new Date().toISOString() },
    bundle: bundle(),
    firstReplayEmptyCache: { ttfbMs: summary(first.map(t => t.ttfbMs)), loadMs: summary(first.map(t => t.loadMs)), blocksFetched: summary(fetched) },
    nodeReplayReference: { ttfbMs: summary(reference.map(t => t.ttfbMs)), loadMs: summary(reference.map(t => t.loadMs)) },
    coldStartFromIndexedDbNodeStopped: { ttfbMs: summary(cold.map(t => t.ttfbMs)), loadMs: summary(cold.map(t => t.loadMs)), targetTtfbP50Ms: 500 },
    ratios: {
      firstReplayLoadVsNode: round(summary(first.map(t => t.loadMs)).p50 / summary(reference.map(t => t.loadMs)).p50),
      coldStartLoadVsNode: round(summary(cold.map(t => t.loadMs)).p50 / summary(reference.map(t => t.loadMs)).p50)
    }
  }
}

function printTable (result: Results, out: string): void {
  const b = result.bundle as { rawBytes: number, gzipBytes: number, brotliBytes: number, topSourcesBeforeMinification: Array<{ name: string, share: number }> }
  console.log(`bench/sw: iana.org home page, ${RUNS} runs each, Chromium headless, loopback`)
  console.log(`sw.js ${(b.rawBytes / 1024).toFixed(0)} KB raw, ${(b.gzipBytes / 1024).toFixed(0)} KB gzip (target ≤ 200), ${(b.brotliBytes / 1024).toFixed(0)} KB brotli`)
  console.log(`  largest sources: ${b.topSourcesBeforeMinification.slice(0, 6).map(t => `${t.name} ${t.share}%`).join(', ')}`)
  console.log('                                         TTFB p50 (min–max) ms    load p50 (min–max) ms')
  const row = (name: string, t: { ttfbMs: Summary, loadMs: Summary }): void => {
    console.log(`${name.padEnd(40)} ${`${t.ttfbMs.p50} (${t.ttfbMs.min}–${t.ttfbMs.max})`.padEnd(24)} ${t.loadMs.p50} (${t.loadMs.min}–${t.loadMs.max})`)
  }
  row('node replay (reference, no worker)', result.nodeReplayReference)
  row('SW first replay, empty cache', result.firstReplayEmptyCache)
  row('SW cold start from IndexedDB, node down', result.coldStartFromIndexedDbNodeStopped)
  console.log(`blocks fetched per first replay: p50 ${result.firstReplayEmptyCache.blocksFetched.p50} (${result.firstReplayEmptyCache.blocksFetched.min}–${result.firstReplayEmptyCache.blocksFetched.max})`)
  for (const t of result.gatewayRoundTrips) {
    for (const [name, v] of [['cold', t.cold], ['warm', t.warm]] as const) {
      console.log(`+${t.delayMs} ms/request, ${name}: load p50 ${v.loadMs.p50} (${v.loadMs.min}–${v.loadMs.max}) ms, TTFB ${v.ttfbMs.p50} ms; ${v.requests.p50} requests (${v.carRequests.p50} CAR, ${v.rawRequests.p50} single block), ${v.blocks.p50} blocks, ${Math.round(v.bytes.p50 / 1024)} KB`)
    }
  }
  console.log(`load vs node replay: first ${result.ratios.firstReplayLoadVsNode}×, cold offline ${result.ratios.coldStartLoadVsNode}×`)
  console.log(`wrote ${out}`)
}

await main()
