/**
 * `iparo serve` on the scale archive under bench/serve's load: random exact URI-Ms (200), then random
 * TimeGate requests (Accept-Datetime, 302), each for `seconds` with `clients` clients, the server's
 * RSS sampled every second from its start (which opens the store) to the end; then page windows of the
 * archive API over HTTP, one at a time.
 */
import { join } from 'node:path'
import { fromEpochMs, toDigits, toRfc1123 } from '../../src/core/datetime.ts'
import { load, sampleRss, seeded, startServe, type LoadResult, type Target } from '../serve/load.ts'
import { ARCHIVE } from './build-archive.ts'
import type { SyntheticCrawl } from './synthetic-crawl.ts'
import { summarize, type Summary } from './targets.ts'

export interface ServeOptions {
  root: string
  data: string
  crawl: SyntheticCrawl
  seconds: number
  clients: number
  log: (line: string) => void
}

const TARGETS = 5000

function mementoTargets (crawl: SyntheticCrawl, rand: () => number): Target[] {
  return Array.from({ length: TARGETS }, () => {
    const i = Math.floor(rand() * crawl.present)
    const v = Math.floor(rand() * crawl.versionsOf(i))
    return { path: `/${ARCHIVE}/${toDigits(fromEpochMs(crawl.datetimeMs(i, v)))}/${crawl.url(i)}`, status: 200 }
  })
}

function timegateTargets (crawl: SyntheticCrawl, rand: () => number): Target[] {
  const [first, last] = crawl.span()
  const span = last - first
  return Array.from({ length: TARGETS }, () => {
    const i = Math.floor(rand() * crawl.present)
    const at = Math.floor((first + rand() * span) / 1000) * 1000
    return { path: `/${ARCHIVE}/${crawl.url(i)}`, status: 302, headers: { 'Accept-Datetime': toRfc1123(fromEpochMs(at)) } }
  })
}

async function pageWindows (base: string, urls: number, rand: () => number): Promise<{ requests: number, errors: number, ms: Summary }> {
  const ms: number[] = []
  let errors = 0
  for (let q = 0; q < 50; q++) {
    const start = performance.now()
    const r = await fetch(`${base}/api/v1/archive/${ARCHIVE}/pages?offset=${Math.floor(rand() * Math.max(1, urls - 100))}&limit=100`)
    const body = await r.json() as { pages?: unknown[] }
    ms.push(performance.now() - start)
    if (r.status !== 200 || body.pages?.length !== 100) errors++
  }
  return { requests: ms.length, errors, ms: summarize(ms) }
}

export interface ServeResult {
  startSeconds: number
  clients: number
  seconds: number
  warmUp: LoadResult
  mementos: LoadResult
  timegate: LoadResult
  pageWindows: { requests: number, errors: number, ms: Summary }
  rssMB: { samples: Array<{ t: number, mb: number }>, afterStart: number | undefined, max: number, last: number | undefined }
  targets: { rssMB: number, p99ms: number }
}

export async function measureServe (o: ServeOptions): Promise<ServeResult> {
  const rand = seeded(7)
  const mementos = mementoTargets(o.crawl, rand)
  const timegate = timegateTargets(o.crawl, rand)
  const started = performance.now()
  const server = await startServe(join(o.root, 'bin/iparo.js'), ['--offline', '--data', o.data])
  const startSeconds = (performance.now() - started) / 1000
  const rss = sampleRss(server.pid)
  o.log(`serve: listening after ${startSeconds.toFixed(1)} s; ${o.clients} clients, ${o.seconds} s per load`)
  try {
    const warmUp = await load(server.base, mementos.slice(0, 500), 3, server.pid, o.clients)
    const afterStart = rss.samples[rss.samples.length - 1]?.mb
    const m = await load(server.base, mementos, o.seconds, server.pid, o.clients)
    o.log(`  exact URI-Ms: ${m.requestsPerSecond} req/s, p50 ${m.p50ms} ms, p99 ${m.p99ms} ms, ${m.errors} errors`)
    const t = await load(server.base, timegate, o.seconds, server.pid, o.clients)
    o.log(`  TimeGate: ${t.requestsPerSecond} req/s, p50 ${t.p50ms} ms, p99 ${t.p99ms} ms, ${t.errors} errors`)
    const windows = await pageWindows(server.base, o.crawl.present, rand)
    rss.stop()
    const mbs = rss.samples.map(s => s.mb)
    return {
      startSeconds,
      clients: o.clients,
      seconds: o.seconds,
      warmUp,
      mementos: m,
      timegate: t,
      pageWindows: windows,
      rssMB: { samples: rss.samples, afterStart, max: Math.max(0, ...mbs), last: mbs[mbs.length - 1] },
      targets: { rssMB: 500, p99ms: 100 }
    }
  } finally {
    rss.stop()
    if (server.node.exitCode == null) {
      const exited = new Promise(resolve => server.node.once('exit', resolve))
      server.node.kill('SIGTERM')
      await exited
    }
  }
}
