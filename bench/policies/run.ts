/**
 * Linking-policy simulator: builds one URL's version chain under each policy in memory, then
 * measures header size, append cost, lookup and listing cost, and behaviour when IPAROs and
 * TimeMap segments are unreachable. Every closest() answer at 0% loss is checked against brute
 * force. Usage: npx tsx bench/policies/run.ts [--quick]   (--quick: N ≤ 10k)
 */
import '../../src/node/polyfills.ts'
import { mkdirSync, writeFileSync } from 'node:fs'
import { ChainAppender, appendVersion } from '../../src/core/chain/chain-appender.ts'
import { readChainSummary } from '../../src/core/chain/chain-summary.ts'
import { MemoryChainStore } from '../../src/core/chain/memory-chain-store.ts'
import {
  lipmaaPolicy, powerOfTwoPolicy, powerOfTwoSegmentsPolicy, previousOnlyPolicy, randomLinksPolicy
} from '../../src/core/chain/policies.ts'
import type { LinkingPolicy } from '../../src/core/chain/linking-policy.ts'
import { closest, first, latest } from '../../src/core/chain/resolve.ts'
import { SortedVersions } from '../../src/core/chain/brute-force.ts'
import { nanos } from '../../src/core/chain/datetime-nanos.ts'
import { seededRandom } from '../../src/core/chain/seeded-random.ts'
import { collectTimeMap } from '../../src/core/chain/timemap.ts'
import type { VersionHeader } from '../../src/core/chain/version-header.ts'
import { captureTimes, queryTimes } from './datasets.ts'
import type { DatasetKind } from './datasets.ts'

const quick = process.argv.includes('--quick')
const SIZES = quick ? [10, 100, 1000, 10_000] : [10, 100, 1000, 10_000, 100_000]
const LOSSES = [0.01, 0.05, 0.1, 0.2, 0.3, 0.5]
const LOSS_SIZES = [1000, 10_000]
const POLICIES: LinkingPolicy[] = [previousOnlyPolicy, randomLinksPolicy(4, 1), lipmaaPolicy, powerOfTwoPolicy, powerOfTwoSegmentsPolicy]
const DATASETS: DatasetKind[] = ['uniform', 'bursty', 'dups', 'runs']
const LINEAR = new Set(['prev', 'rand4'])

interface Row {
  n: number
  dataset: DatasetKind
  policy: string
  buildMs: number
  linksPerObject: number
  headerBytesMean: number
  headerBytesMax: number
  segmentBytesPerVersion: number
  appendSamples: number
  appendFetchesMax: number
  appendFetchesMean: number
  batchAppends: number
  batchFetchesPerAppend: number
  batchRefetches: number
  closestQueries: number
  closestWorst: number
  closestMean: number
  latestFetches: number
  firstFetches: number
  timemapFetches: number
}

interface LossRow {
  n: number
  dataset: DatasetKind
  policy: string
  loss: number
  reachable: number
  listedFraction: number
  timemapFetches: number
  closestQueries: number
  closestSuccess: number
  closestMean: number
  closestWorst: number
}

/** Counts reads per CID, to prove a run never reads anything twice. */
class RecordingStore extends MemoryChainStore {
  readonly seen = new Map<string, number>()
  override async header (cid: string): ReturnType<MemoryChainStore['header']> {
    this.seen.set(cid, (this.seen.get(cid) ?? 0) + 1)
    return super.header(cid)
  }
}

const mean = (xs: number[]): number => xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length
const bytesOf = (h: VersionHeader): number => new TextEncoder().encode(JSON.stringify({ links: h.links, chain: h.chain })).length

function closestQueryCount (policy: string, n: number): number {
  if (!LINEAR.has(policy)) return 1000
  return Math.max(20, Math.min(1000, Math.floor(2_000_000 / n)))
}

async function measure (n: number, dataset: DatasetKind, policy: LinkingPolicy): Promise<{ row: Row, store: RecordingStore, headers: VersionHeader[] }> {
  const times = captureTimes(dataset, n, 1000 + n)
  const store = new RecordingStore()
  const started = Date.now()
  // two ingest runs: the second one (up to 1,000 appends) measures a run's reads from a cold start
  const batch = n >= 4 ? Math.min(1000, Math.floor(n / 2)) : 0
  const runA = new ChainAppender(store, undefined, policy)
  const headers = await store.appendAll(runA, times.slice(0, n - batch))
  store.seen.clear()
  const runB = new ChainAppender(store, headers[headers.length - 1], policy)
  const readsBefore = store.reads
  headers.push(...await store.appendAll(runB, times.slice(n - batch)))
  const batchReads = store.reads - readsBefore
  const batchRefetches = [...store.seen.values()].reduce((a, c) => a + c - 1, 0)
  const buildMs = Date.now() - started
  const head = headers[headers.length - 1] as VersionHeader

  // a single append in a new run, recomputed cold for sampled seqs, must equal what was written
  const rnd = seededRandom(n)
  const sampleCount = LINEAR.has(policy.id) ? Math.min(8, n - 1) : Math.min(48, n - 1)
  const xs = new Set<number>([n - 1])
  while (xs.size < sampleCount) xs.add(1 + Math.floor(rnd() * (n - 1)))
  const appendFetches: number[] = []
  for (const x of xs) {
    const d = await appendVersion(store, headers[x - 1], times[x] as string, policy)
    const want = headers[x] as VersionHeader
    if (JSON.stringify(d.links) !== JSON.stringify(want.links) || JSON.stringify(d.chain) !== JSON.stringify(want.chain)) {
      throw new Error(`${policy.id} ${dataset} N=${n}: a cold append of seq ${x} differs from what the run wrote`)
    }
    appendFetches.push(d.fetches)
  }

  const sorted = SortedVersions.of(headers)
  const qs = queryTimes(times, closestQueryCount(policy.id, n), 7 + n)
  const closestFetches: number[] = []
  for (const t of qs) {
    const r = await closest(store, head.cid, t)
    const want = sorted.closest(nanos(t))
    if (r.memento?.cid !== want?.cid || !r.complete) {
      throw new Error(`${policy.id} ${dataset} N=${n}: closest(${t}) = ${JSON.stringify(r.memento)}, brute force says ${JSON.stringify(want)}`)
    }
    closestFetches.push(r.fetches)
  }
  const tm = await collectTimeMap(store, head.cid)
  if (!tm.report.complete || tm.entries.length !== n) throw new Error(`${policy.id} ${dataset} N=${n}: incomplete TimeMap`)

  const segmentBytes = [...store.segmentStore.blocks.values()].reduce((a, b) => a + b.length, 0)
  const bytes = headers.map(bytesOf)
  return {
    store,
    headers,
    row: {
      n, dataset, policy: policy.id, buildMs,
      linksPerObject: mean(headers.map(h => h.links.length)),
      headerBytesMean: mean(bytes),
      headerBytesMax: Math.max(...bytes),
      segmentBytesPerVersion: segmentBytes / n,
      appendSamples: appendFetches.length,
      appendFetchesMax: Math.max(0, ...appendFetches),
      appendFetchesMean: mean(appendFetches),
      batchAppends: batch,
      batchFetchesPerAppend: batch === 0 ? 0 : batchReads / batch,
      batchRefetches,
      closestQueries: qs.length,
      closestWorst: Math.max(...closestFetches),
      closestMean: mean(closestFetches),
      latestFetches: (await latest(store, head.cid)).fetches,
      firstFetches: (await first(store, head.cid)).fetches,
      timemapFetches: tm.report.fetches
    }
  }
}

async function measureLoss (n: number, dataset: DatasetKind, policy: LinkingPolicy, store: MemoryChainStore, headers: VersionHeader[]): Promise<LossRow[]> {
  const head = headers[headers.length - 1] as VersionHeader
  const times = headers.map(h => h.datetime)
  const segments = [...new Set(headers.map(h => readChainSummary(h.chain)?.summary.seg).filter((s): s is string => s !== undefined))]
  const rows: LossRow[] = []
  for (const loss of LOSSES) {
    // exactly loss × count of the non-head IPAROs, and of the segments, chosen by a seeded shuffle
    const rnd = seededRandom(Math.round(loss * 1000) + n)
    const pick = (xs: string[]): string[] => xs.map(x => [rnd(), x] as const).sort((a, b) => a[0] - b[0]).slice(0, Math.round(loss * xs.length)).map(x => x[1])
    store.unreachable.clear()
    for (const cid of pick(headers.slice(0, -1).map(h => h.cid))) store.unreachable.add(cid)
    for (const cid of pick(segments)) store.unreachable.add(cid)
    const alive = headers.filter(h => !store.unreachable.has(h.cid))
    const sorted = SortedVersions.of(alive)
    const tm = await collectTimeMap(store, head.cid)
    const listed = new Set(tm.entries.map(e => e.cid))
    const qs = queryTimes(times, LINEAR.has(policy.id) ? 200 : 1000, 99 + n)
    let ok = 0
    const fetches: number[] = []
    for (const t of qs) {
      const r = await closest(store, head.cid, t, { verify: true, maxFetches: 4 * n })
      if (r.memento?.cid === sorted.closest(nanos(t))?.cid) ok++
      fetches.push(r.fetches)
    }
    rows.push({
      n, dataset, policy: policy.id, loss, reachable: alive.length,
      listedFraction: alive.filter(h => listed.has(h.cid)).length / alive.length,
      timemapFetches: tm.report.fetches,
      closestQueries: qs.length,
      closestSuccess: ok / qs.length,
      closestMean: mean(fetches),
      closestWorst: Math.max(...fetches)
    })
  }
  store.unreachable.clear()
  return rows
}

const fmt = (x: number, d = 1): string => Number.isInteger(x) ? String(x) : x.toFixed(d)
function table (head: string[], rows: Array<Array<string | number>>): string {
  const cells = rows.map(r => r.map(c => typeof c === 'number' ? fmt(c) : c))
  const w = head.map((h, i) => Math.max(h.length, ...cells.map(r => (r[i] ?? '').length)))
  const line = (r: string[]): string => '| ' + r.map((c, i) => i < 3 ? c.padEnd(w[i] as number) : c.padStart(w[i] as number)).join(' | ') + ' |'
  return [line(head), '|' + w.map((x, i) => i < 3 ? '-'.repeat(x + 2) : '-'.repeat(x + 1) + ':').join('|') + '|', ...cells.map(line)].join('\n')
}

const started = Date.now()
const rows: Row[] = []
const lossRows: LossRow[] = []
for (const n of SIZES) {
  for (const dataset of DATASETS) {
    if (dataset === 'runs' && n > 10_000) continue
    for (const policy of POLICIES) {
      // out of order, policies without power-of-two links cost O(N) per append and per lookup
      if (dataset === 'runs' && n > 1000 && !policy.id.startsWith('p2')) continue
      const t = Date.now()
      const { row, store, headers } = await measure(n, dataset, policy)
      rows.push(row)
      if (dataset === 'dups' && LOSS_SIZES.includes(n)) lossRows.push(...await measureLoss(n, dataset, policy, store, headers))
      process.stderr.write(`N=${n} ${dataset} ${policy.id}: ${Date.now() - t} ms\n`)
    }
  }
}

console.log('\n## Cost per policy (closest checked against brute force on every query)\n')
console.log(table(
  ['N', 'data', 'policy', 'links/obj', 'hdr B', 'seg B/v', 'append max', 'append mean', 'run f/append', 'closest worst', 'closest mean', 'latest', 'first', 'timemap'],
  rows.map(r => [r.n, r.dataset, r.policy, r.linksPerObject, Math.round(r.headerBytesMean), Math.round(r.segmentBytesPerVersion), r.appendFetchesMax, r.appendFetchesMean, r.batchFetchesPerAppend, r.closestWorst, r.closestMean, r.latestFetches, r.firstFetches, r.timemapFetches])
))
console.log('\n## Under loss (dups data; p of non-head IPAROs and of segments unreachable; closest verified)\n')
console.log(table(
  ['N', 'data', 'policy', 'p %', 'listed %', 'timemap f', 'closest ok %', 'closest mean', 'closest worst'],
  lossRows.map(r => [r.n, r.dataset, r.policy, r.loss * 100, (r.listedFraction * 100).toFixed(2), r.timemapFetches, (r.closestSuccess * 100).toFixed(1), r.closestMean, r.closestWorst])
))

const checks: string[] = []
const check = (ok: boolean, what: string): void => { checks.push(`${ok ? 'PASS' : 'FAIL'} ${what}`) }
for (const r of rows.filter(r => r.policy === 'p2s' && r.dataset !== 'runs')) {
  const lg = Math.ceil(Math.log2(r.n))
  check(r.closestWorst <= lg + 1 && r.closestMean <= lg / 2 + 1, `p2s ${r.dataset} N=${r.n}: closest worst ${r.closestWorst} ≤ ${lg + 1}, mean ${fmt(r.closestMean, 2)} ≤ ${lg / 2 + 1}`)
  check(r.latestFetches === 1 && r.firstFetches === 1, `p2s ${r.dataset} N=${r.n}: latest ${r.latestFetches}, first ${r.firstFetches} fetch`)
  check(r.timemapFetches <= Math.ceil(r.n / 64) + lg + 2, `p2s ${r.dataset} N=${r.n}: timemap ${r.timemapFetches} ≤ ${Math.ceil(r.n / 64) + lg + 2}`)
  check(r.linksPerObject <= Math.log2(r.n) + 3, `p2s ${r.dataset} N=${r.n}: links/object ${fmt(r.linksPerObject, 2)} ≤ ${fmt(Math.log2(r.n) + 3, 2)}`)
  check(r.appendFetchesMax <= lg + 1, `p2s ${r.dataset} N=${r.n}: new-run append max ${r.appendFetchesMax} ≤ ${lg + 1} fetches`)
  check(r.batchRefetches === 0, `p2s ${r.dataset} N=${r.n}: a run of ${r.batchAppends} appends read nothing twice`)
}
for (const r of lossRows.filter(r => r.n === 10_000 && r.loss === 0.3 && r.policy === 'p2s')) {
  check(r.listedFraction >= 0.999 && r.closestSuccess >= 0.999, `p2s at 30% loss, N=10k: ${(r.listedFraction * 100).toFixed(2)}% listed, closest ok ${(r.closestSuccess * 100).toFixed(1)}%`)
}
for (const r of lossRows.filter(r => r.n === 10_000 && r.loss === 0.05 && r.policy === 'prev')) {
  check(r.listedFraction <= 0.01, `prev-only at 5% loss, N=10k: ${(r.listedFraction * 100).toFixed(2)}% listed (≤ 1%)`)
}
console.log('\n## Targets\n')
console.log(checks.join('\n'))
const seconds = (Date.now() - started) / 1000
console.log(`\n${rows.length} configurations, ${lossRows.length} loss rows, ${seconds.toFixed(0)} s${quick ? ' (--quick)' : ''}`)

mkdirSync('bench/results', { recursive: true })
writeFileSync('bench/results/policies.json', JSON.stringify({
  generated: new Date().toISOString(),
  quick,
  seconds,
  notes: {
    closestQueries: '1000 per configuration (25% exact hits, 5% before the first, 5% after the last); prev and rand4 sample fewer at large N (closestQueries)',
    loss: 'exactly p of the non-head IPAROs and p of the TimeMap segments unreachable (seeded); closest with verify: success = the true closest among reachable versions',
    appendSamples: 'cold single appends (new run) recomputed at sampled seqs and checked equal to what the run wrote',
    runs: 'uniform captures cut into 10 ingest runs appended in random order; only p2 and p2s beyond N = 1000 (the others are O(N) per append and lookup)',
    batch: 'run f/append: reads per append of a second ingest run of min(1000, N/2) appends starting cold on the chain'
  },
  rows,
  lossRows,
  checks
}, null, 2) + '\n')
if (checks.some(c => c.startsWith('FAIL'))) process.exitCode = 1
