/**
 * bench/replay sizes: IPARO's replay against ReplayWeb.page reading the WACZ that `iparo export --wacz`
 * writes (its fastest path: an index, records fetched by HTTP range), at several archive sizes.
 *
 *   npx tsx bench/replay/sizes-run.ts [--sizes 1,50,500] [--runs 3] [--pages home,numbers] [--rebuild | --reexport]
 *
 * - Size 1 is pywb's iana.warc.gz alone (787 KB); a larger size N is iana.warc.gz plus crawl data from
 *   the ingest bench's generator (bench/ingest/make-warc.ts) up to about N MB of WARC.gz, ingested as one
 *   archive `iana`, so the same iana.org pages are replayed at every size. Built once under
 *   bench/.cache/replay-sizes/ (size-data.ts), with the archive's WACZ beside it.
 * - Every size's node (`iparo serve`) and static server run at once; runs go round the sizes, pages and
 *   both systems (alternating which goes first), so drift on a shared machine hits them all alike.
 * - Each visit pair is a fresh Chromium profile: cold, then warm in a second tab. Time from the top-level
 *   navigation start to the replayed frame's first byte and `load`; bytes each system's server sent.
 *
 * Prints a table and writes bench/results/replay-sizes.json.
 */
import '../../src/node/polyfills.ts'
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { CHROMIUM } from '../../e2e/support/browser.ts'
import { serve, type Served } from '../../e2e/support/iparo-process.ts'
import { ensureAppBuilt } from '../../src/node/app-build.ts'
import { inFreshProfile, visit, VIEWPORT } from './browser-visit.ts'
import { iparoReplay } from './iparo-system.ts'
import { processWrittenBytes } from './process-io.ts'
import type { ReplaySystem, ReplayTarget } from './replay-system.ts'
import { followRequestBytes, type OriginBytes } from './request-bytes.ts'
import { replayWebPage } from './rwp-package.ts'
import { replayWebPageReplay, serveReplayWebPage } from './rwp-system.ts'
import { ARCHIVE, canExportWacz, exportWacz, prepareSize, type SizeData, type Wacz } from './size-data.ts'
import { printSizesTable, summarize, type Sample, type SizeRun } from './sizes-report.ts'
import type { StaticServer } from './static-server.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CACHE = join(ROOT, 'bench/.cache')
const RESULTS = join(ROOT, 'bench/results')
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1,50,500' },
    runs: { type: 'string', default: '3' },
    pages: { type: 'string', default: 'home,numbers,about,domains' },
    rebuild: { type: 'boolean', default: false },
    // the WACZs only, after a change to `iparo export` (the ingested data folders are kept)
    reexport: { type: 'boolean', default: false }
  }
})
const SIZES = values.sizes.split(',').map(Number)
if (SIZES.some(n => !Number.isFinite(n) || n <= 0)) throw new Error(`--sizes wants MB numbers, like 1,50,500: ${values.sizes}`)
const RUNS = Math.max(1, Number(values.runs))

const ALL_PAGES: ReplayTarget[] = [
  { name: 'home', url: 'http://www.iana.org/', datetime: '20140126200624' },
  { name: 'numbers', url: 'http://www.iana.org/numbers', datetime: '20140126200651' },
  { name: 'about', url: 'http://www.iana.org/about', datetime: '20140126200706' },
  { name: 'domains', url: 'http://www.iana.org/domains', datetime: '20140126200825' }
]
const PAGES = values.pages.split(',').map(name => {
  const page = ALL_PAGES.find(p => p.name === name)
  if (page == null) throw new Error(`no page ${name}; pages: ${ALL_PAGES.map(p => p.name).join(', ')}`)
  return page
})

/** A system with the byte meter of its server: the static server's count, or what the node process wrote. */
interface Metered { system: ReplaySystem, origins: string[], meter: () => Promise<Record<string, number>> }

interface Running { size: SizeData, wacz?: Wacz, waczError?: string, node: Served, site?: StaticServer, systems: Metered[] }

async function start (size: SizeData, rwp: Awaited<ReturnType<typeof replayWebPage>>, exportable: boolean, app: string): Promise<Running> {
  let wacz: Wacz | undefined
  let waczError: string | undefined
  if (!exportable) waczError = '`iparo export --help` lists no --wacz option in this checkout'
  else {
    try { wacz = await exportWacz(size, values.rebuild || values.reexport) } catch (err) { waczError = String(err) }
  }
  const node = await serve(size.data, ['--app', app])
  const pid = node.process.pid ?? NaN
  const ours: Metered = {
    system: iparoReplay(node.replayUrl, ARCHIVE),
    origins: [new URL(node.url).origin, new URL(node.replayUrl).origin],
    meter: async () => ({ bytes: await processWrittenBytes(pid) })
  }
  if (wacz == null) return { size, waczError, node, systems: [ours] }
  const { server: site, source } = await serveReplayWebPage(rwp, wacz.path)
  const reference: Metered = {
    system: replayWebPageReplay(site.url, source, 'rwp-wacz'),
    origins: [new URL(site.url).origin],
    meter: async () => {
      const t = site.traffic()
      return { bytes: t.wireBytes, archiveBytes: t.bodyBytes[source] ?? 0, requests: t.requests, rangeRequests: t.rangeRequests }
    }
  }
  return { size, wacz, node, site, systems: [reference, ours] }
}

const minus = (after: Record<string, number>, before: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]))

/** One fresh profile: a cold visit, then a warm one; each with what the system's server sent meanwhile. */
async function visitPair (running: Running, metered: Metered, target: ReplayTarget, record: (s: Sample) => void, fail: (visit: string, err: unknown) => void): Promise<void> {
  await inFreshProfile(async (context) => {
    const requests = followRequestBytes(context, metered.origins)
    for (const which of ['cold', 'warm'] as const) {
      const before = await metered.meter()
      try {
        let sent: Record<string, number> = {}
        let seen: OriginBytes | undefined
        const timing = await visit(context, metered.system, target, async () => {
          sent = minus(await metered.meter(), before)
          seen = await requests.take()
        })
        record({ size: running.size.sizeMB, system: metered.system.name, page: target.name, visit: which, ...timing, sent, seen: seen ?? { gateway: NaN, routing: NaN, other: NaN, gatewayRequests: NaN } })
      } catch (err) {
        // a failed visit is counted, not timed; a failed cold visit leaves no warm one to time
        fail(which, err)
        return
      }
    }
  })
}

async function main (): Promise<void> {
  await ensureAppBuilt(ROOT)
  // the nodes serve a copy of the built app: a rebuild of dist/app during the run (another process
  // calling ensureAppBuilt after a source change) would otherwise swap its hashed files under them
  const app = await mkdtemp(join(tmpdir(), 'iparo-bench-app-'))
  await cp(join(ROOT, 'dist/app'), app, { recursive: true })
  const rwp = await replayWebPage(CACHE)
  const exportable = await canExportWacz()
  const prepared: SizeData[] = []
  for (const sizeMB of SIZES) {
    const started = performance.now()
    prepared.push(await prepareSize(CACHE, sizeMB, values.rebuild))
    console.log(`size ${sizeMB} MB ready in ${Math.round(performance.now() - started)} ms`)
  }
  const running: Running[] = []
  const samples: Sample[] = []
  const failures: Array<Record<string, unknown>> = []
  try {
    for (const size of prepared) running.push(await start(size, rwp, exportable, app))
    for (let run = 0; run < RUNS; run++) {
      for (const r of running) {
        for (const [i, target] of PAGES.entries()) {
          // alternate which goes first: the machine is shared, its load drifts over a run
          const order = (run + i) % 2 === 0 ? r.systems : [...r.systems].reverse()
          for (const metered of order) {
            await visitPair(r, metered, target, s => { samples.push(s) }, (which, err) => {
              failures.push({ size: r.size.sizeMB, system: metered.system.name, page: target.name, run, visit: which, error: String(err).slice(0, 1500) })
            })
          }
        }
      }
      console.log(`run ${run + 1}/${RUNS} done`)
    }
  } finally {
    for (const r of running) {
      await r.site?.close()
      await r.node.stop()
    }
    await rm(app, { recursive: true, force: true })
  }
  const sizes: SizeRun[] = running.map(r => ({ size: r.size, wacz: r.wacz, waczError: r.waczError, staticMisses: [...new Set(r.site?.misses ?? [])] }))
  const summary = summarize(sizes, samples, PAGES.map(p => p.name))
  const result = {
    machine: { chromium: CHROMIUM, runs: RUNS, viewport: VIEWPORT, date: new Date().toISOString() },
    command: `npx tsx bench/replay/sizes-run.ts --sizes ${SIZES.join(',')} --runs ${RUNS} --pages ${PAGES.map(p => p.name).join(',')}`,
    replayWebPage: { version: rwp.version, source: 'the WACZ of `iparo export iana --wacz`, served by a static server with byte ranges' },
    measured: 'top-level navigation start → the replayed frame\'s first byte and load event end; cold: fresh profile; warm: second tab in the same profile. Bytes: rwp-wacz = bytes the static server wrote to its sockets (archiveBytes: WACZ body bytes); iparo = bytes the node process wrote (wchar), seen.gateway = /ipfs/ responses as Chromium counted them',
    pages: PAGES,
    ...summary,
    samples,
    failures
  }
  await mkdir(RESULTS, { recursive: true })
  const out = join(RESULTS, 'replay-sizes.json')
  await writeFile(out, JSON.stringify(result, null, 2) + '\n')
  printSizesTable(summary, RUNS * PAGES.length, rwp.version)
  if (failures.length > 0) console.log(`failed visits (not timed; details in the JSON): ${failures.map(f => `${String(f.size)} MB ${String(f.system)} ${String(f.page)} ${String(f.visit)} run ${String(f.run)}`).join(', ')}`)
  console.log(`wrote ${out}`)
}

await main()
