/**
 * bench/scale: an archive of real size. A synthetic crawl (bench/scale/synthetic-crawl.ts: tiny real
 * HTML pages over many hosts, one capture per URL per crawl, crawls years apart) is ingested through
 * the archive writer in runs (build-archive.ts) into a data folder cached in
 * $TMPDIR/iparo-bench-scale/<mementos>-<urls>, then measured: `iparo resolve` and `iparo timemap`
 * (fetches, wall time), the archive API's page windows (block reads, latency) against the chain and
 * URL-map issues' fetch targets, and `iparo serve` under bench/serve's 50-client load against random
 * exact URI-Ms and TimeGate requests (requests/s, p50/p99, server RSS over time).
 *
 *   npx tsx bench/scale/run.ts [--mementos 100000] [--urls 10000] [--run-size N] [--build-only]
 *                              [--seconds 30] [--clients 50] [--queries 200] [--cli-queries 10]
 *                              [--dir DIR] [--min-free-gb 15] [--out FILE] [--partial]
 *
 * --partial measures what a build running elsewhere has committed so far (it does not build).
 *
 * The 10M archive: --mementos 10000000 --urls 1000000 (build it first with --build-only, in the
 * background: it resumes where it stopped). Prints a table and writes bench/results/scale.json.
 */
import '../../src/node/polyfills.ts'
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { CID } from 'multiformats/cid'
import { buildScaleArchive, readBuild, type BuildState } from './build-archive.ts'
import { folderBytes } from '../folder-bytes.ts'
import { measureLookups } from './measure-lookups.ts'
import { measureServe } from './measure-serve.ts'
import { printScaleTable } from './scale-table.ts'
import { positiveInt, scaleArchiveFlags, scaleArchiveOptions } from './scale-options.ts'
import { SyntheticCrawl } from './synthetic-crawl.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const { values } = parseArgs({
  options: {
    ...scaleArchiveFlags,
    'build-only': { type: 'boolean', default: false },
    partial: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '30' },
    clients: { type: 'string', default: '50' },
    queries: { type: 'string', default: '200' },
    'cli-queries': { type: 'string', default: '10' },
    out: { type: 'string', default: join(ROOT, 'bench/results/scale.json') }
  }
})

/**
 * The archive to measure: built (or finished) here; with --partial, as far as a build running elsewhere
 * has committed (its answers are checked against the captures committed).
 */
async function archive (): Promise<{ crawl: SyntheticCrawl, dir: string, build: BuildState } | undefined> {
  const { crawl, runSize, dir, minFreeGB } = scaleArchiveOptions(values)
  await mkdir(dir, { recursive: true })
  console.log(`bench/scale: ${crawl.mementos.toLocaleString('en-US')} mementos over ${crawl.urls.toLocaleString('en-US')} URLs (${crawl.hosts.toLocaleString('en-US')} hosts, ${crawl.versions} crawls), runs of ${runSize.toLocaleString('en-US')}, in ${dir}`)
  if (values.partial) {
    const build = await readBuild(dir)
    if (build == null || build.done === 0) throw new Error(`nothing is committed in ${dir} yet`)
    console.log(`measuring the ${build.done.toLocaleString('en-US')} mementos committed so far (${build.runs.length} runs, ${(build.seconds / 60).toFixed(1)} min)`)
    return { crawl: new SyntheticCrawl(crawl.urls, crawl.versions, build.done), dir, build }
  }
  const build = await buildScaleArchive(dir, crawl, runSize, line => { console.log(line) }, { minFreeGB })
  if (!build.complete) throw new Error('the build stopped before its end')
  console.log(`archive built in ${(build.seconds / 60).toFixed(1)} min (${build.runs.length} runs)`)
  return values['build-only'] ? undefined : { crawl, dir, build }
}

async function main (): Promise<void> {
  const target = await archive()
  if (target == null) return
  const { crawl, dir, build } = target
  const data = join(dir, 'data')
  const storedBytes = await folderBytes(join(data, 'packs'))
  const log = (line: string): void => { console.log(line) }
  const last = build.runs[build.runs.length - 1]
  if (last == null) throw new Error('the build committed nothing')
  const lookups = await measureLookups({ root: ROOT, data, rootCid: CID.parse(last.root), crawl, queries: positiveInt('queries', values.queries), cliQueries: positiveInt('cli-queries', values['cli-queries']), log })
  const serve = await measureServe({ root: ROOT, data, crawl, seconds: positiveInt('seconds', values.seconds), clients: positiveInt('clients', values.clients), log })
  const result = {
    at: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, loadAverage: loadavg().map(l => Math.round(l * 10) / 10) },
    archive: {
      mementos: crawl.committed,
      urls: crawl.present,
      complete: build.complete,
      hosts: crawl.hosts,
      versionsPerUrl: crawl.versions,
      dir,
      storedBytes,
      build: { minutes: Math.round(build.seconds / 6) / 10, runs: build.runs.length, runSize: build.runSize, peakRssMB: Math.max(...build.runs.map(r => r.peakRssMB)), perRun: build.runs }
    },
    lookups,
    serve
  }
  await mkdir(dirname(values.out), { recursive: true })
  await writeFile(values.out, JSON.stringify(result, null, 2) + '\n')
  printScaleTable(result)
  console.log(`wrote ${values.out.replace(ROOT, '')}`)
}

await main()
