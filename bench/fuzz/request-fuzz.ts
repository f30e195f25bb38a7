/**
 * bench/fuzz: fuzzed HTTP requests against a real `iparo serve` on 127.0.0.1 (malformed paths,
 * datetimes, Accept-Datetime, CIDs, IPNS names, Range, methods, percent-encoding abuse, 100 KB URLs,
 * bodies up to 9 MiB), sent as raw bytes. A request passes when the answer has a documented status,
 * no 500, and no engine text (error class names, stack frames) in an error body.
 *
 *   npx tsx bench/fuzz/request-fuzz.ts [--seed 1] [--requests 10000] [--concurrency 8] [--case N]
 *
 * Prints a summary and writes bench/results/request-fuzz.json; `--case N` resends one request of the seed.
 */
import '../../src/node/polyfills.ts'
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { table, tally, writeResult } from './fuzz-report.ts'
import { startFuzzTarget } from './fuzz-target.ts'
import { runRequestCases } from './request-fuzz-run.ts'

const { values } = parseArgs({ options: { seed: { type: 'string', default: '1' }, requests: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '8' }, 'timeout-ms': { type: 'string', default: '20000' }, case: { type: 'string' } } })
const seed = Number(values.seed)
const only = values.case != null ? Number(values.case) : undefined
const count = only != null ? 1 : Number(values.requests)

/** The server's own peak RSS as the kernel saw it (VmHWM), in MB; NaN where /proc is not there. */
function serverPeakRssMB (pid: number | undefined): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'))?.[1] ?? NaN) / 1024
  } catch {
    return NaN
  }
}

const started = performance.now()
const target = await startFuzzTarget()
const pid = target.served.process.pid
let done = 0
const results = await runRequestCases(target, seed, only ?? 0, count, {
  concurrency: Number(values.concurrency),
  timeoutMs: Number(values['timeout-ms']),
  onResult: (r) => {
    done++
    if (r.outcome !== 'ok') console.log(`request ${r.index} ${r.method} ${r.target.slice(0, 120)}: ${r.outcome} ${r.status ?? ''} ${r.message ?? ''}`)
    if (done % 1000 === 0) console.error(`  ${done}/${count} requests`)
  }
})
const serverPeakRss = serverPeakRssMB(pid)
const alive = target.served.process.exitCode == null
await target.stop()
const failures = results.filter(r => r.outcome !== 'ok')
const outcomes = tally(results, r => r.outcome)
const summary = {
  seed,
  requests: results.length,
  byStatus: tally(results, r => String(r.status ?? 'none')),
  byMethod: tally(results, r => r.method),
  serverErrors: outcomes['server-error'] ?? 0,
  undocumentedStatuses: outcomes['undocumented-status'] ?? 0,
  engineText: outcomes['engine-text'] ?? 0,
  noAnswer: outcomes['no-answer'] ?? 0,
  timeouts: outcomes.timeout ?? 0,
  serverAliveAfter: alive,
  serverPeakRssMB: Math.round(serverPeakRss * 10) / 10,
  seconds: Math.round((performance.now() - started) / 100) / 10,
  node: process.version,
  failures: failures.slice(0, 100)
}
console.log(`\nrequest-fuzz: ${summary.requests} requests against iparo serve, seed ${seed}`)
console.log(table([
  ...Object.entries(summary.byStatus).sort().map(([s, n]): [string, number] => [`  status ${s}`, n]),
  ['5xx answers', summary.serverErrors],
  ['undocumented statuses', summary.undocumentedStatuses],
  ['engine text in error bodies', summary.engineText],
  ['closed without an answer', summary.noAnswer],
  ['timeouts', summary.timeouts],
  ['server alive afterwards', String(alive)],
  ['server peak RSS (MB)', summary.serverPeakRssMB],
  ['seconds', summary.seconds]
]))
if (only == null) console.log(`wrote ${await writeResult('request-fuzz', summary)}`)
process.exit(failures.length > 0 || !alive ? 1 : 0)
