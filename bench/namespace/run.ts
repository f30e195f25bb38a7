/**
 * bench/namespace: what CID namespaces cost (docs/namespacing.md, issue 22).
 *
 *   npm run bench:namespace                       # every part (~13 minutes on 2 cores: 2.5 grind, 1 pool, 8 ingest, 1.5 scan)
 *   npm run bench:namespace -- --parts grind,scan --max-bits 16 --sizes 10000,100000
 *
 * 1. grind: grindNonce on the calling thread over real IPARO roots (the iana.org crawl's, through the
 *    core ingest), 0 to --max-bits bits, next to 2^bits × one root's hash measured beside each grind;
 *    pool: the same on the grind pool's worker threads, for the higher bit counts.
 * 2. ingest: `iparo ingest` of the fixture crawls without a namespace and with --namespace 6:B.
 * 3. scan: synthetic pack stores of --sizes blocks, layout 6:10: open, key scan, full scan, candidates.
 * JSON: bench/results/namespace.json.
 */
import '../../src/node/polyfills.ts'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { defaultCount, grindRow } from './grind-cost.ts'
import { poolRows } from './grind-pool-cost.ts'
import { ingestSlowdown, settingsFor } from './ingest-slowdown.ts'
import { doublings, printResults, type BenchResults } from './report.ts'
import { sampleRoots } from './sample-roots.ts'
import { scanRow } from './scan-cost.ts'
import { secondsSince, tableStyle } from './stats.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const { values } = parseArgs({
  options: {
    parts: { type: 'string', default: 'grind,pool,ingest,scan' },
    sample: { type: 'string', default: '48' },
    'max-bits': { type: 'string', default: '20' },
    'pool-bits': { type: 'string', default: '12,14,16,18,20' },
    totals: { type: 'string', default: '6,8,10,12,14,16,18,20' },
    rounds: { type: 'string', default: '4' },
    fixtures: { type: 'string', default: 'pywb/iana.warc.gz,ipwb/5mementos.warc' },
    'big-crawl-max-bits': { type: 'string', default: '18' },
    sizes: { type: 'string', default: '10000,100000,1000000' },
    markdown: { type: 'boolean', default: false },
    'from-json': { type: 'string' }
  }
})
tableStyle.markdown = values.markdown
const parts = new Set(values.parts.split(','))
const numbers = (text: string): number[] => text.split(',').filter(s => s !== '').map(Number)
const log = (line: string): void => { process.stdout.write(line + '\n') }
const load = (): string => loadavg().map(l => l.toFixed(1)).join(' ')

if (values['from-json'] != null) {
  // the tables of an earlier run, again (e.g. with --markdown for the docs)
  printResults(JSON.parse(readFileSync(values['from-json'], 'utf8')) as BenchResults, log)
  process.exit(0)
}

const started = performance.now()
const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: availableParallelism(), node: process.version, loadAtStart: load() }
log(`namespace bench, ${new Date().toISOString()}, ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, load ${machine.loadAtStart}`)
const sample = Number(values.sample)
const roots = parts.has('grind') || parts.has('pool') ? await sampleRoots(['pywb/iana.warc.gz'], sample) : []
const rootSizes = roots.map(r => r.bytes.byteLength).sort((a, b) => a - b)
const count = (bits: number): number => defaultCount(bits, sample)
const out: BenchResults = {
  date: new Date().toISOString(),
  machine: { ...machine, loadAtEnd: '' },
  seconds: 0,
  options: values,
  roots: { count: roots.length, bytes: { min: rootSizes[0] ?? 0, median: rootSizes[rootSizes.length >> 1] ?? 0, max: rootSizes[rootSizes.length - 1] ?? 0 } },
  grind: [],
  pool: [],
  ingest: [],
  doubling: [],
  scan: []
}
/** Written after every part: an interrupted run keeps what it measured. */
function save (): void {
  Object.assign(out, { seconds: secondsSince(started), machine: { ...machine, loadAtEnd: load() }, doubling: doublings(out.ingest) })
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true })
  writeFileSync(join(ROOT, 'bench/results/namespace.json'), JSON.stringify(out, null, 2) + '\n')
}

if (parts.has('grind')) {
  log('grinding on the calling thread…')
  // warm-up: the grinding loop's optimized code, before the first timed row
  await grindRow(roots, 10, roots.length)
  for (let bits = 0; bits <= Number(values['max-bits']); bits++) {
    out.grind.push(await grindRow(roots, bits, count(bits)))
    log(`  ${bits} bits (load ${load()})`)
  }
  save()
}
if (parts.has('pool')) {
  log('grinding on the grind pool…')
  out.pool = await poolRows(roots, numbers(values['pool-bits']).filter(b => b <= Number(values['max-bits'])), count)
  save()
}
if (parts.has('ingest')) {
  const fixtures = values.fixtures.split(',')
  const bigMax = Number(values['big-crawl-max-bits'])
  log(`iparo ingest runs (${fixtures[0] ?? ''} above ${bigMax} bits left out: minutes a run)…`)
  out.ingest = await ingestSlowdown(fixtures, settingsFor(numbers(values.totals)), Number(values.rounds), (f, s) => f === fixtures[0] && (s.total ?? 0) > bigMax, log)
  save()
}
if (parts.has('scan')) {
  log('scans…')
  for (const size of numbers(values.sizes)) {
    out.scan.push(await scanRow(size, { bits: 6, urlBits: 10 }))
    log(`  ${size} blocks done (load ${load()})`)
  }
  save()
}
save()
printResults(out, log)
log(`\n${Math.round(out.seconds)} s, load ${out.machine.loadAtEnd}; JSON: bench/results/namespace.json`)
