/**
 * Arrival orders, measured on the real ingest and replay path: N captures of one URL written as WARC
 * records, ingested by `ingestIntoArchive` (the code `iparo ingest` runs) in three orders, then looked
 * up through `ArchiveReader` (the code `iparo resolve`, `iparo timemap` and replay run), cold each time.
 *   chronological — one run, records in datetime order;
 *   shuffled      — one run, records in random order;
 *   10 runs       — the captures cut into 10 runs of consecutive datetimes, ingested in random order.
 * Reads counted: IPARO headers, TimeMap segments and version-index nodes (not the archive root nor
 * URL-map nodes). Every closest() answer is checked against brute force. The reference, measured in
 * the same run on the same archive: lookups and listings through the version chain alone (what readers
 * did before version indexes, and still do when an index is unreachable).
 * Usage: npx tsx bench/policies/orders.ts [--sizes 1000,10000,100000]
 */
import '../../src/node/polyfills.ts'
import { mkdirSync, writeFileSync } from 'node:fs'
import { ArchiveReader } from '../../src/core/archive/archive-reader.ts'
import { writeArchiveRoot, type ArchiveRoot } from '../../src/core/archive/archive-root.ts'
import { chunks, hashers, manifest } from '../../src/core/archive/archive-test-support.ts'
import { ingestIntoArchive } from '../../src/core/archive/ingest-into-archive.ts'
import { MemoryBlockStore } from '../../src/core/blocks.ts'
import { bruteForceClosest } from '../../src/core/chain/brute-force.ts'
import { seededRandom } from '../../src/core/chain/seeded-random.ts'
import { syntheticDatetime } from '../../src/core/chain/synthetic-datetime.ts'
import type { Datetime } from '../../src/core/datetime.ts'
import { responseRecord } from '../../src/core/replay/replay-test-support.ts'
import { CountingBlockStore } from '../../src/core/url-map/url-map-fixtures.ts'
import { captureTimes, queryTimes } from './datasets.ts'

type Order = 'chronological' | 'shuffled' | '10 runs'
const ORDERS: Order[] = ['chronological', 'shuffled', '10 runs']
const sizesArg = process.argv[process.argv.indexOf('--sizes') + 1]
const SIZES = process.argv.includes('--sizes') && sizesArg != null ? sizesArg.split(',').map(Number) : [1000, 10_000, 100_000]
const QUERIES = 1000
const APPENDS = 24
/** lookups through the chain alone (the reference): fewer, since shuffled chains cost up to N/7 each */
const CHAIN_QUERIES = 100
const URL_ = 'http://orders.example/page'

const log2 = (n: number): number => Math.ceil(Math.log2(n))
const targets = (n: number): { closestWorst: number, closestMean: number, timemap: number, append: number } =>
  ({ closestWorst: log2(n) + 1, closestMean: log2(n) / 2 + 1, timemap: Math.ceil(n / 64) + log2(n) + 2, append: log2(n) + 1 })

/** The runs to ingest, each a list of datetimes in the order its WARC holds them. */
function runsOf (order: Order, times: Datetime[], seed: number): Datetime[][] {
  const random = seededRandom(seed)
  const sorted = [...times].sort()
  if (order === 'chronological') return [sorted]
  if (order === 'shuffled') return [sorted.map(t => [random(), t] as const).sort((a, b) => a[0] - b[0]).map(x => x[1])]
  const runs = Array.from({ length: 10 }, (_, r) => sorted.slice(Math.floor(r * sorted.length / 10), Math.floor((r + 1) * sorted.length / 10)))
  return runs.map(run => [random(), run] as const).sort((a, b) => a[0] - b[0]).map(x => x[1])
}

function warc (times: Datetime[], from: number): Uint8Array {
  return Buffer.concat(times.map((t, i) => responseRecord(URL_, t, 'HTTP/1.1 200 OK\r\nContent-Type: text/plain', `capture ${from + i} at ${t}`)))
}

async function ingestRuns (store: MemoryBlockStore, runs: Datetime[][]): Promise<{ root: ArchiveRoot, ms: number }> {
  let root: ArchiveRoot | undefined
  let from = 0
  const started = performance.now()
  for (const run of runs) {
    const result = await ingestIntoArchive({ store, from: root != null ? { root } : { manifest }, sources: [{ name: 'run.warc', open: () => chunks(warc(run, from)) }], hashers, now: () => Date.UTC(2026, 0, 1) })
    if (result.summary.mementos !== run.length) throw new Error(`ingested ${result.summary.mementos} of ${run.length}`)
    root = result.root
    from += run.length
  }
  if (root == null) throw new Error('no run')
  return { root, ms: performance.now() - started }
}

/** Reads of one more capture appended in a new run (cold), the archive root and URL-map nodes left out. */
async function appendCost (store: MemoryBlockStore, root: ArchiveRoot, times: Datetime[], seed: number): Promise<{ max: number, mean: number }> {
  const random = seededRandom(seed)
  const costs: number[] = []
  for (let i = 0; i < APPENDS; i++) {
    const counting = new CountingBlockStore(store, [root.urls])
    const t = syntheticDatetime(Date.parse(times[0] as string) + Math.floor(random() * (Date.parse(times[times.length - 1] as string) - Date.parse(times[0] as string))))
    await ingestIntoArchive({ store: counting, from: { root }, sources: [{ name: 'one.warc', open: () => chunks(warc([t], 10_000_000 + i)) }], hashers })
    costs.push(counting.gets)
  }
  return { max: Math.max(...costs), mean: costs.reduce((a, b) => a + b, 0) / costs.length }
}

async function measure (n: number, order: Order): Promise<Record<string, unknown>> {
  const times = captureTimes('dups', n, n)
  const store = new MemoryBlockStore()
  const { root, ms } = await ingestRuns(store, runsOf(order, times, n + 1))
  const reader = await ArchiveReader.open(store, await writeArchiveRoot(store, root))
  const entry = await reader.lookup(URL_)
  if (entry == null) throw new Error('URL not found')
  let worst = 0
  let sum = 0
  let wrong = 0
  const versions = (await reader.timemap(entry)).mementos.map(m => m.datetime)
  for (const t of queryTimes(times, QUERIES, n + 2)) {
    const cold = await ArchiveReader.open(store, reader.rootCid)
    const r = await cold.resolve(entry, t)
    worst = Math.max(worst, r.fetches)
    sum += r.fetches
    const expected = bruteForceClosest(versions.map((datetime, seq) => ({ cid: '', datetime, seq })), t)
    if (r.memento?.datetime !== expected?.datetime) wrong++
  }
  // the reference, measured in the same run: the same archive read through its version chain alone
  const chainOnly = { ...entry, versions: undefined }
  let chainWorst = 0
  let chainSum = 0
  const chainQueries = queryTimes(times, CHAIN_QUERIES, n + 4)
  for (const t of chainQueries) {
    const r = await (await ArchiveReader.open(store, reader.rootCid)).resolve(chainOnly, t)
    chainWorst = Math.max(chainWorst, r.fetches)
    chainSum += r.fetches
  }
  const chainTm = await (await ArchiveReader.open(store, reader.rootCid)).timemap(chainOnly)
  const tm = await (await ArchiveReader.open(store, reader.rootCid)).timemap(entry)
  const append = await appendCost(store, root, times, n + 3)
  const target = targets(n)
  return {
    n, order, ingestMs: Math.round(ms), indexed: entry.versions != null,
    closestWorst: worst, closestMean: sum / QUERIES, wrong, timemapFetches: tm.fetches, listed: tm.mementos.length,
    appendMax: append.max, appendMean: append.mean, targets: target,
    chain: { closestWorst: chainWorst, closestMean: chainSum / CHAIN_QUERIES, timemapFetches: chainTm.fetches },
    pass: worst <= target.closestWorst && sum / QUERIES <= target.closestMean && tm.fetches <= target.timemap &&
      append.max <= target.append && wrong === 0 && tm.mementos.length === n
  }
}


const rows: Array<Record<string, unknown>> = []
console.log('| N | order | ingest s | closest worst / mean (target) | chain alone | mean ratio | TimeMap (target) | chain alone | append max / mean (target) | listed | wrong | |')
console.log('|--:|---|--:|---|---|--:|---|--:|---|--:|--:|---|')
for (const n of SIZES) {
  for (const order of ORDERS) {
    const row = await measure(n, order)
    rows.push(row)
    const t = row.targets as ReturnType<typeof targets>
    const c = row.chain as { closestWorst: number, closestMean: number, timemapFetches: number }
    console.log(`| ${n} | ${order} | ${((row.ingestMs as number) / 1000).toFixed(1)} | ${row.closestWorst as number} / ${(row.closestMean as number).toFixed(2)} (${t.closestWorst} / ${t.closestMean}) | ${c.closestWorst} / ${c.closestMean.toFixed(1)} | ${((row.closestMean as number) / c.closestMean).toFixed(2)} | ${row.timemapFetches as number} (${t.timemap}) | ${c.timemapFetches} | ${row.appendMax as number} / ${(row.appendMean as number).toFixed(1)} (${t.append}) | ${row.listed as number} | ${row.wrong as number} | ${row.pass === true ? 'PASS' : 'FAIL'} |`)
  }
}
mkdirSync(new URL('../results/', import.meta.url), { recursive: true })
writeFileSync(new URL('../results/policies-orders.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), queries: QUERIES, appends: APPENDS, rows }, null, 2))
