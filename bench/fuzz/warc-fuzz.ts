/**
 * bench/fuzz: damaged WARCs through the in-process ingest API (src/core/archive/ingest-into-archive.ts).
 * Each case mutates a fixture WARC (truncation, flipped bytes, lying lengths, broken gzip members,
 * huge header lines, bogus dates, hostile URIs; fed in chunks of 1 B to 1 MiB) and ingests it into a
 * copy of an archive that already holds known content. A case passes when the ingest returns (no
 * throw: a crash; no answer within the time bound: a hang), every known memento still replays at its
 * URI-M, and every intact memento record before the damage is in the archive.
 *
 *   npx tsx bench/fuzz/warc-fuzz.ts [--seed 1] [--cases 10000] [--timeout-ms 10000] [--case N]
 *
 * Prints a summary and writes bench/results/warc-fuzz.json; `--case N` reruns one case of the seed.
 */
import '../../src/node/polyfills.ts'
import { parseArgs } from 'node:util'
import { loadFixtures } from './fuzz-fixtures.ts'
import { MemoryPeak, table, tally, writeResult } from './fuzz-report.ts'
import { KnownArchive } from './known-archive.ts'
import { calibrate, runWarcCase, type WarcCaseResult } from './warc-fuzz-case.ts'

const { values } = parseArgs({ options: { seed: { type: 'string', default: '1' }, cases: { type: 'string', default: '10000' }, 'timeout-ms': { type: 'string', default: '10000' }, case: { type: 'string' } } })
const seed = Number(values.seed)
const timeoutMs = Number(values['timeout-ms'])
const only = values.case != null ? Number(values.case) : undefined
const cases = only != null ? 1 : Number(values.cases)

const started = performance.now()
const fixtures = await loadFixtures()
const known = await KnownArchive.build(fixtures)
await calibrate(fixtures, known)
const peak = new MemoryPeak()
const results: WarcCaseResult[] = []
for (let i = 0; i < cases; i++) {
  const r = await runWarcCase(fixtures, known, seed, only ?? i, timeoutMs)
  results.push(r)
  peak.sample()
  if (r.outcome !== 'ok') console.log(`case ${r.index} (${r.fixture}, ${r.op}: ${r.detail}): ${r.outcome}: ${r.message ?? ''}`)
  if (only == null && (i + 1) % 1000 === 0) console.error(`  ${i + 1}/${cases} cases, ${results.filter(x => x.outcome !== 'ok').length} failing, peak RSS ${peak.mb.rssMB} MB`)
}
const failures = results.filter(r => r.outcome !== 'ok')
const outcomes = tally(results, r => r.outcome)
const slowest = Math.max(...results.map(r => r.ms))
const summary = {
  seed,
  cases: results.length,
  fixtures: fixtures.map(f => f.name),
  byOperator: tally(results, r => r.op),
  crashes: outcomes.crash ?? 0,
  hangs: outcomes.hang ?? 0,
  lostIntact: outcomes['lost-intact'] ?? 0,
  lostIntactByOperator: tally(results.filter(r => r.outcome === 'lost-intact'), r => r.op),
  changedKnown: outcomes['changed-known'] ?? 0,
  intactRecordsChecked: results.reduce((n, r) => n + r.intactChecked, 0),
  knownMementosPerCase: known.known.length,
  timeBoundMs: timeoutMs,
  slowestCaseMs: slowest,
  peak: peak.mb,
  seconds: Math.round((performance.now() - started) / 100) / 10,
  node: process.version,
  failures: failures.slice(0, 100)
}
console.log(`\nwarc-fuzz: ${summary.cases} mutants of ${fixtures.length} fixture WARCs, seed ${seed}`)
console.log(table([
  ...Object.entries(summary.byOperator).map(([op, n]): [string, number] => [`  ${op}`, n]),
  ['crashes (ingest threw)', summary.crashes],
  [`hangs (over ${timeoutMs} ms)`, summary.hangs],
  ['cases losing intact records', summary.lostIntact],
  ...Object.entries(summary.lostIntactByOperator).map(([op, n]): [string, number] => [`  of them ${op}`, n]),
  ['known mementos changed', summary.changedKnown],
  ['intact records checked', summary.intactRecordsChecked],
  ['slowest case (ms)', slowest],
  ['peak RSS (MB)', summary.peak.rssMB],
  ['peak heap (MB)', summary.peak.heapUsedMB],
  ['seconds', summary.seconds]
]))
if (only == null) console.log(`wrote ${await writeResult('warc-fuzz', summary)}`)
process.exit(failures.length > 0 ? 1 : 0)
