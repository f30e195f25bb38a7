/**
 * bench/ingest: `iparo ingest` throughput against two references measured in the same run on the same
 * files: (a) warcio parse + sha256 of every payload, no storage; (b) the floor, native gunzip + sha256
 * of the whole file. Each row is a fresh Node process timed from spawn to exit, as the CLI is run; warcio
 * is also timed inside this process from the second round on (JIT warm), for comparison. Also peak RSS at
 * two input sizes and stored bytes ÷ WARC.gz bytes for re-captures.
 *
 *   npm run bench:ingest [-- --mb 200] [-- --rounds 5]
 *
 * With --sizes (MB uncompressed, e.g. 250,1000,2500,10000): one ingest per size instead, for peak RSS and
 * throughput as the input grows (bench/ingest/sizes.ts; writes bench/results/ingest-sizes.json).
 *
 *   npx tsx bench/ingest/run.ts --sizes 250,1000,2500,10000 [--new-baseline]
 */
import '../../src/node/polyfills.ts'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { build } from 'esbuild'
import { makeBenchWarcs, type GeneratedWarcs } from './make-warc.ts'
import { warcioHash } from './references.ts'
import { runSizes } from './sizes.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const RESULTS = join(ROOT, 'bench/results')
const { values } = parseArgs({ options: { mb: { type: 'string', default: '200' }, small: { type: 'string', default: '60' }, rounds: { type: 'string', default: '5' }, sizes: { type: 'string' }, 'new-baseline': { type: 'boolean', default: false } } })

async function generate (mb: number): Promise<GeneratedWarcs> {
  const dir = join(RESULTS, `ingest-data-${mb}`)
  const meta = join(dir, 'meta.json')
  if (existsSync(meta)) return JSON.parse(readFileSync(meta, 'utf8')) as GeneratedWarcs
  mkdirSync(dir, { recursive: true })
  const made = await makeBenchWarcs(dir, mb)
  writeFileSync(meta, JSON.stringify(made))
  return made
}

/** references.ts as one plain ES module: a reference process loads no TypeScript loader. */
async function bundleReferences (): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'iparo-bench-ref-')), 'references.mjs')
  await build({ entryPoints: [join(ROOT, 'bench/ingest/references.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'silent' })
  return out
}

/** A process timed from spawn to exit, with what it printed; throws when it fails. */
async function timedProcess (what: string, command: string, args: string[], env = process.env): Promise<{ seconds: number, stdout: string, stderr: string }> {
  const start = process.hrtime.bigint()
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const code = await new Promise<number>(resolve => child.on('close', resolve))
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  if (code !== 0) throw new Error(`${what} failed (${code}): ${stderr}`)
  return { seconds, stdout, stderr }
}

/** A reference in a fresh process (as `ingest` times the CLI). */
async function reference (script: string, which: 'floor' | 'warcio', files: string[]): Promise<number> {
  return (await timedProcess(`reference ${which}`, process.execPath, [script, which, ...files])).seconds
}

async function timed<T> (fn: () => Promise<T>): Promise<{ seconds: number, value: T }> {
  const start = process.hrtime.bigint()
  const value = await fn()
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, value }
}

/** Runs the real CLI under GNU time for its peak RSS. */
async function ingest (files: string[], data: string, worker?: '0' | '1'): Promise<{ seconds: number, peakRssMB: number, summary: Record<string, unknown> }> {
  const env = worker == null ? process.env : { ...process.env, IPARO_INGEST_WORKER: worker }
  const { seconds, stdout, stderr } = await timedProcess('ingest', '/usr/bin/time', ['-f', 'PEAK_RSS_KB=%M', process.execPath, join(ROOT, 'bin/iparo.js'), 'ingest', ...files, '--json', '--data', data], env)
  const rss = /PEAK_RSS_KB=(\d+)/.exec(stderr)
  return { seconds, peakRssMB: Number(rss?.[1] ?? 0) / 1024, summary: JSON.parse(stdout) as Record<string, unknown> }
}

const mbps = (bytes: number, seconds: number): number => bytes / 1e6 / seconds
const round = (n: number, d = 2): number => Math.round(n * 10 ** d) / 10 ** d

async function main (): Promise<void> {
  const rounds = Number(values.rounds)
  // the first round warms warcio up in this process; its warm row needs at least one more
  if (!Number.isSafeInteger(rounds) || rounds < 2) throw new Error(`--rounds must be an integer of at least 2, not ${values.rounds}`)
  const big = await generate(Number(values.mb))
  const small = await generate(Number(values.small))
  const files = [big.unique.path, big.repeat.path]
  const uncompressed = big.unique.uncompressed + big.repeat.uncompressed
  const records = big.unique.records + big.repeat.records

  // Alternate the measurements so drift on a shared machine hits them alike, round after round.
  // `ingest` is the crawl as an archivist ingests it: both files in one `iparo ingest` (one process,
  // as the references read both files in one pass). `perFile` ingests them in two calls (unique, then
  // the re-captures into the same archive), which also measures what the re-captures store and pays
  // process start and JIT warm-up twice. `twoThreads` forces the parsing worker
  // (src/node/ingest/parse-in-worker.ts; on by default only from 4 cores).
  const runs = { floor: [] as number[], warcio: [] as number[], warcioWarm: [] as number[], ingest: [] as number[], perFile: [] as number[], twoThreads: [] as number[] }
  let twoThreadsRss = 0
  let last: Awaited<ReturnType<typeof ingest>> | undefined
  let repeatRun: Awaited<ReturnType<typeof ingest>> | undefined
  let perFileRss = 0
  const fresh = (): string => mkdtempSync(join(tmpdir(), 'iparo-bench-'))
  const script = await bundleReferences()
  for (let i = 0; i < rounds; i++) {
    runs.floor.push(await reference(script, 'floor', files))
    runs.warcio.push(await reference(script, 'warcio', files))
    // in this process: warm from the second round on (the first is a warm-up, not kept)
    const warm = (await timed(() => warcioHash(files))).seconds
    if (i > 0) runs.warcioWarm.push(warm)
    const data = fresh()
    last = await ingest(files, data)
    runs.ingest.push(last.seconds)
    rmSync(data, { recursive: true, force: true })
    const data1 = fresh()
    const first = await ingest([big.unique.path], data1)
    const second = await ingest([big.repeat.path], data1)
    runs.perFile.push(first.seconds + second.seconds)
    perFileRss = Math.max(perFileRss, first.peakRssMB, second.peakRssMB)
    repeatRun = second
    rmSync(data1, { recursive: true, force: true })
    const data2 = fresh()
    const threaded = await ingest(files, data2, '1')
    runs.twoThreads.push(threaded.seconds)
    twoThreadsRss = Math.max(twoThreadsRss, threaded.peakRssMB)
    rmSync(data2, { recursive: true, force: true })
  }
  const smallData = fresh()
  const smallRun = await ingest([small.unique.path, small.repeat.path], smallData)
  rmSync(smallData, { recursive: true, force: true })
  rmSync(dirname(script), { recursive: true, force: true })

  const best = (xs: number[]): number => Math.min(...xs)
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
  const floor = best(runs.floor)
  const warcio = best(runs.warcio)
  const warcioWarm = best(runs.warcioWarm)
  const ours = best(runs.ingest)
  const result = {
    machine: { node: process.version, cpus: (await import('node:os')).cpus().length, loadAverage: (await import('node:os')).loadavg().map(l => round(l, 1)) },
    input: {
      files: [big.unique, big.repeat].map(f => ({ ...f, path: f.path.replace(ROOT, '') })),
      records,
      uncompressedMB: round(uncompressed / 1e6, 1),
      compressedMB: round((big.unique.bytes + big.repeat.bytes) / 1e6, 1)
    },
    seconds: Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, v.map(s => round(s))])),
    throughput: {
      floorMBps: round(mbps(uncompressed, floor), 1),
      warcioMBps: round(mbps(uncompressed, warcio), 1),
      warcioWarmMBps: round(mbps(uncompressed, warcioWarm), 1),
      ingestMBps: round(mbps(uncompressed, ours), 1),
      ingestRecordsPerSecond: Math.round(records / ours),
      perFileMBps: round(mbps(uncompressed, best(runs.perFile)), 1),
      twoThreadsMBps: round(mbps(uncompressed, best(runs.twoThreads)), 1),
      warcioRecordsPerSecond: Math.round(records / warcio)
    },
    ratios: {
      ingestVsWarcio: round(warcio / ours),
      ingestVsFloor: round(floor / ours),
      // the same from the medians of the rounds: how typical a run is, on a machine as noisy as this one
      medianIngestVsWarcio: round(median(runs.warcio) / median(runs.ingest)),
      medianIngestVsFloor: round(median(runs.floor) / median(runs.ingest)),
      ingestVsWarcioWarm: round(warcioWarm / ours),
      perFileVsWarcio: round(warcio / best(runs.perFile)),
      perFileVsFloor: round(floor / best(runs.perFile)),
      twoThreadsVsWarcio: round(warcio / best(runs.twoThreads)),
      twoThreadsVsFloor: round(floor / best(runs.twoThreads)),
      targets: { ingestVsWarcio: 1.0, ingestVsFloor: 0.4 }
    },
    peakRssMB: {
      [`${round(uncompressed / 1e6, 0)}MB`]: round(last?.peakRssMB ?? 0, 0),
      perFile: round(perFileRss, 0),
      [`${round((small.unique.uncompressed + small.repeat.uncompressed) / 1e6, 0)}MB`]: round(smallRun.peakRssMB, 0),
      twoThreads: round(twoThreadsRss, 0),
      target: 300
    },
    repeatCaptures: {
      warcGzBytes: big.repeat.bytes,
      newBytesStored: Number(repeatRun?.summary.newBytes ?? 0),
      storedOverWarcGz: round(Number(repeatRun?.summary.newBytes ?? 0) / big.repeat.bytes, 3),
      dedupBytes: Number(repeatRun?.summary.dedupBytes ?? 0)
    },
    mementos: Number(last?.summary.mementos ?? 0)
  }
  mkdirSync(RESULTS, { recursive: true })
  writeFileSync(join(RESULTS, 'ingest.json'), JSON.stringify(result, null, 2) + '\n')
  const t = result.throughput
  console.log(`input: ${records} records, ${result.input.uncompressedMB} MB uncompressed (${result.input.compressedMB} MB gzip per record)`)
  console.log('')
  const r = result.ratios
  console.log(`best of ${rounds} rounds; every row a fresh process timed from spawn to exit, except (a, warm)`)
  console.log('')
  console.log('                                  MB/s   records/s   ratio')
  console.log(`(b) gunzip + sha256 (floor)     ${String(t.floorMBps).padStart(6)}           -       -`)
  console.log(`(a) warcio parse + sha256       ${String(t.warcioMBps).padStart(6)}  ${String(t.warcioRecordsPerSecond).padStart(10)}       -`)
  console.log(`(a, warm) warcio in this process${String(t.warcioWarmMBps).padStart(6)}           -       -`)
  console.log(`iparo ingest                    ${String(t.ingestMBps).padStart(6)}  ${String(t.ingestRecordsPerSecond).padStart(10)}   ${r.ingestVsWarcio}× (a) [target ≥ 1.0], ${r.ingestVsFloor}× (b) [target ≥ 0.4]; ${r.ingestVsWarcioWarm}× (a, warm)`)
  console.log(`  from the medians of the rounds                           ${r.medianIngestVsWarcio}× (a), ${r.medianIngestVsFloor}× (b)`)
  console.log(`ingest, one call per file       ${String(t.perFileMBps).padStart(6)}  ${String(Math.round(records / best(runs.perFile))).padStart(10)}   ${result.ratios.perFileVsWarcio}× (a), ${result.ratios.perFileVsFloor}× (b)`)
  console.log(`ingest, two threads             ${String(t.twoThreadsMBps).padStart(6)}  ${String(Math.round(records / best(runs.twoThreads))).padStart(10)}   ${result.ratios.twoThreadsVsWarcio}× (a), ${result.ratios.twoThreadsVsFloor}× (b)`)
  console.log('')
  console.log(`load average at the end: ${result.machine.loadAverage.join(' ')} (${result.machine.cpus} cores; other work on the machine slows all rows)`)
  console.log(`peak RSS: ${JSON.stringify(result.peakRssMB)}`)
  console.log(`re-captures: ${result.repeatCaptures.newBytesStored} bytes stored for ${result.repeatCaptures.warcGzBytes} bytes of WARC.gz (${result.repeatCaptures.storedOverWarcGz}×)`)
  console.log(`wrote ${join(RESULTS, 'ingest.json').replace(ROOT, '')}`)
}

if (values.sizes != null) {
  const sizes = values.sizes.split(',').map(Number)
  if (sizes.some(n => !Number.isSafeInteger(n) || n <= 0)) throw new Error(`--sizes takes MB as positive integers separated by commas, not ${values.sizes}`)
  await runSizes({ sizes, root: ROOT, out: join(RESULTS, 'ingest-sizes.json'), newBaseline: values['new-baseline'] })
} else {
  await main()
}
