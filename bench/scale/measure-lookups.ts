/**
 * Lookups on the scale archive. Through the CLI (a fresh process each, as a user runs it): `iparo
 * resolve` at a random instant and for the latest, and `iparo timemap`, each checked against the crawl's
 * own datetimes, with the `fetches` they report (IPARO headers and TimeMap segments) against the chain
 * issue's targets. In this process, with a block counter under a fresh reader per query: URL-map
 * lookups and the archive API's page windows (by position, and by host prefix) against the URL-map
 * issue's targets.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import type { CID } from 'multiformats/cid'
import { ArchiveReader } from '../../src/core/archive/archive-reader.ts'
import { readArchiveRoot } from '../../src/core/archive/archive-root.ts'
import { parseIso } from '../../src/core/datetime.ts'
import { ArchiveApiHandler, type PagesReply } from '../../src/core/replay/archive-api-handler.ts'
import { surt } from '../../src/core/surt.ts'
import { CountingBlockStore } from '../../src/core/url-map/url-map-fixtures.ts'
import { UrlMap } from '../../src/core/url-map/url-map.ts'
import { openEmbeddedStore } from '../../src/node/embedded-store.ts'
import { seeded } from '../serve/load.ts'
import { ARCHIVE } from './build-archive.ts'
import type { SyntheticCrawl } from './synthetic-crawl.ts'
import { chainTargets, summarize, urlMapTargets, type Summary } from './targets.ts'

export interface LookupOptions {
  root: string
  data: string
  /** the archive root measured (the build's last commit: a build still running may commit more) */
  rootCid: CID
  crawl: SyntheticCrawl
  /** queries of each kind in this process */
  queries: number
  /** queries of each kind through the CLI (each a process that opens the store) */
  cliQueries: number
  log: (line: string) => void
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, 'Z')

async function cli (root: string, args: string[]): Promise<{ ms: number, out: Record<string, unknown> }> {
  const start = performance.now()
  const child = spawn(process.execPath, [join(root, 'bin/iparo.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  if (code !== 0) throw new Error(`iparo ${args.join(' ')} exited ${String(code)}: ${stderr.slice(-1000)}`)
  return { ms: performance.now() - start, out: JSON.parse(stdout) as Record<string, unknown> }
}

/** The crawl's capture of URL i closest to `ms` (what `resolve --at` must answer). */
function closest (crawl: SyntheticCrawl, i: number, ms: number): string {
  const all = crawl.datetimes(i)
  let best = all[0] ?? NaN
  for (const d of all) if (Math.abs(d - ms) < Math.abs(best - ms)) best = d
  return iso(best)
}

/** Whether a TimeMap lists exactly the URL's committed captures. */
function sameTimemap (crawl: SyntheticCrawl, i: number, listed: string[]): boolean {
  const want = crawl.datetimes(i).map(iso)
  return listed.length === want.length && want.every(d => listed.includes(d))
}

interface CliKind { queries: number, wrong: number, ms: Summary, fetches: Summary, target: { worst: number, mean?: number } }

async function cliLookups (o: LookupOptions): Promise<Record<'closest' | 'latest' | 'timemap', CliKind>> {
  const rand = seeded(23)
  const span = o.crawl.span()
  const runs = { closest: { ms: [] as number[], fetches: [] as number[], wrong: 0 }, latest: { ms: [] as number[], fetches: [] as number[], wrong: 0 }, timemap: { ms: [] as number[], fetches: [] as number[], wrong: 0 } }
  const base = ['--json', '--data', o.data]
  const archive = o.rootCid.toString()
  for (let q = 0; q < o.cliQueries; q++) {
    const i = Math.floor(rand() * o.crawl.present)
    const url = o.crawl.url(i)
    const at = (span[0] ?? 0) + rand() * ((span[1] ?? 0) - (span[0] ?? 0))
    const c = await cli(o.root, ['resolve', archive, url, '--at', iso(Math.floor(at / 1000) * 1000), ...base])
    runs.closest.ms.push(c.ms)
    runs.closest.fetches.push(Number(c.out.fetches))
    if (c.out.datetime !== closest(o.crawl, i, Math.floor(at / 1000) * 1000)) runs.closest.wrong++
    const l = await cli(o.root, ['resolve', archive, url, ...base])
    runs.latest.ms.push(l.ms)
    runs.latest.fetches.push(Number(l.out.fetches))
    if (l.out.datetime !== iso(o.crawl.datetimes(i).at(-1) ?? NaN)) runs.latest.wrong++
    const t = await cli(o.root, ['timemap', archive, url, ...base])
    runs.timemap.ms.push(t.ms)
    runs.timemap.fetches.push(Number(t.out.fetches))
    const listed = (t.out.mementos as Array<{ datetime: string }> | undefined)?.map(m => m.datetime) ?? []
    if (t.out.complete !== true || !sameTimemap(o.crawl, i, listed)) runs.timemap.wrong++
    o.log(`  cli query ${q + 1}/${o.cliQueries}: resolve ${Math.round(c.ms)} ms (${String(c.out.fetches)} fetches), latest ${Math.round(l.ms)} ms, timemap ${Math.round(t.ms)} ms (${String(t.out.fetches)} fetches)`)
  }
  const targets = chainTargets(o.crawl.versions)
  const kind = (r: typeof runs.closest, target: { worst: number, mean?: number }): CliKind => ({ queries: r.ms.length, wrong: r.wrong, ms: summarize(r.ms), fetches: summarize(r.fetches), target })
  return { closest: kind(runs.closest, targets.closest), latest: kind(runs.latest, targets.latest), timemap: kind(runs.timemap, targets.timemap) }
}

interface BlockKind { queries: number, blocks: Summary, ms: Summary, target: number, wrong?: number }

/**
 * Each query on a fresh reader over a fresh counter: the blocks it reads, none from a cache (`run` may
 * leave some out of `counter.gets`, and return false for a wrong answer).
 */
async function counted (queries: number, run: (counter: CountingBlockStore) => Promise<boolean | undefined>, inner: CountingBlockStore['inner'], target: number): Promise<BlockKind> {
  const blocks: number[] = []
  const ms: number[] = []
  let wrong = 0
  for (let q = 0; q < queries; q++) {
    const counter = new CountingBlockStore(inner)
    const start = performance.now()
    if (await run(counter) === false) wrong++
    ms.push(performance.now() - start)
    blocks.push(counter.gets)
  }
  return { queries, blocks: summarize(blocks), ms: summarize(ms), target, wrong }
}

/**
 * `closest` and the TimeMap of random URLs in this process, counting every block read after the URL
 * map (version index nodes and IPARO headers alike: the CLI's `fetches` leaves index nodes out).
 */
async function chainBlocks (o: LookupOptions, inner: CountingBlockStore['inner'], rootCid: CID): Promise<{ closest: BlockKind, timemap: BlockKind }> {
  const rand = seeded(99)
  const targets = chainTargets(o.crawl.versions)
  const span = o.crawl.span()
  const open = async (counter: CountingBlockStore): Promise<{ reader: ArchiveReader, i: number, entry: NonNullable<Awaited<ReturnType<ArchiveReader['lookup']>>> }> => {
    const reader = await ArchiveReader.open(counter, rootCid)
    const i = Math.floor(rand() * o.crawl.present)
    const entry = await reader.lookup(o.crawl.url(i))
    if (entry == null) throw new Error(`${o.crawl.url(i)} is not in the archive`)
    counter.reset()
    return { reader, i, entry }
  }
  const closestKind = await counted(o.queries, async (counter) => {
    const { reader, i, entry } = await open(counter)
    const at = Math.floor(((span[0] ?? 0) + rand() * ((span[1] ?? 0) - (span[0] ?? 0))) / 1000) * 1000
    const found = await reader.resolve(entry, parseIso(iso(at)))
    return found.memento?.datetime === closest(o.crawl, i, at)
  }, inner, targets.closest.worst)
  const timemapKind = await counted(o.queries, async (counter) => {
    const { reader, i, entry } = await open(counter)
    const tm = await reader.timemap(entry)
    return tm.complete && sameTimemap(o.crawl, i, tm.mementos.map(m => m.datetime))
  }, inner, targets.timemap.worst)
  return { closest: closestKind, timemap: timemapKind }
}

async function inProcess (o: LookupOptions): Promise<{ storeOpenSeconds: number, urlMapHeight: number, lookup: BlockKind, window: BlockKind, hostWindow: BlockKind, closest: BlockKind, timemap: BlockKind }> {
  const start = performance.now()
  const store = await openEmbeddedStore(o.data)
  const storeOpenSeconds = (performance.now() - start) / 1000
  try {
    const rootCid = o.rootCid
    const root = await readArchiveRoot(store.blocks, rootCid)
    const n = root.counts.urls
    const targets = urlMapTargets(n)
    const rand = seeded(42)
    const height = (await UrlMap.load(store.blocks, root.urls)).height
    const lookup = await counted(o.queries, async (counter) => {
      const map = await UrlMap.load(counter, root.urls)
      const url = o.crawl.url(Math.floor(rand() * o.crawl.present))
      return await map.get(surt(url)) != null
    }, store.blocks, targets.lookup)
    const api = async (counter: CountingBlockStore, query: string): Promise<PagesReply> => {
      const handler = new ArchiveApiHandler(counter, { locate: async (): Promise<CID> => rootCid })
      const request = new Request(`http://bench.test/api/v1/archive/${ARCHIVE}/pages?${query}`)
      const reply = await (await handler.handle(request, new URL(request.url))).json() as PagesReply
      // the archive root is one block more than the URL map's, read before any
      counter.gets--
      return reply
    }
    const window = await counted(o.queries, async (counter) => (await api(counter, `offset=${Math.floor(rand() * Math.max(1, n - 100))}&limit=100`)).pages.length === Math.min(100, n), store.blocks, targets.page)
    const hostWindow = await counted(o.queries, async (counter) => (await api(counter, `prefix=${encodeURIComponent(o.crawl.hostName(Math.floor(rand() * o.crawl.presentHosts)))}&offset=0&limit=100`)).pages.length > 0, store.blocks, targets.page)
    const chain = await chainBlocks(o, store.blocks, rootCid)
    return { storeOpenSeconds, urlMapHeight: height, lookup, window, hostWindow, ...chain }
  } finally {
    await store.close()
  }
}

export type LookupsResult = Awaited<ReturnType<typeof measureLookups>>

export async function measureLookups (o: LookupOptions): Promise<{ cli: Awaited<ReturnType<typeof cliLookups>>, blocks: Awaited<ReturnType<typeof inProcess>> }> {
  o.log(`lookups: ${o.queries} in this process per kind, ${o.cliQueries} through the CLI`)
  const blocks = await inProcess(o)
  o.log(`  store opened in ${blocks.storeOpenSeconds.toFixed(1)} s; URL-map lookup ${blocks.lookup.blocks.mean} blocks (worst ${blocks.lookup.blocks.worst}), page window ${blocks.window.blocks.mean} (worst ${blocks.window.blocks.worst}), closest ${blocks.closest.blocks.mean} (worst ${blocks.closest.blocks.worst}), timemap ${blocks.timemap.blocks.mean} (worst ${blocks.timemap.blocks.worst})`)
  const cliResult = await cliLookups(o)
  return { cli: cliResult, blocks }
}
