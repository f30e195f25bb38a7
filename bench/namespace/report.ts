/** The namespace bench's printed tables (the JSON has every field; these are what docs/namespacing.md quotes). */
import type { GrindRow } from './grind-cost.ts'
import type { PoolRow } from './grind-pool-cost.ts'
import { doublingBits, type IngestRow } from './ingest-slowdown.ts'
import type { ScanRow } from './scan-cost.ts'
import { formatTable, round } from './stats.ts'

export function grindTable (rows: GrindRow[]): string {
  return formatTable(
    ['bits', 'IPAROs', 'median tries', 'mean tries', '2^bits', 'median ms', 'mean ms', 'theory ms', 'mean/theory', 'per try/hash', 'median wall ms'],
    rows.map(r => [r.bits, r.iparos, round(r.medianTries), round(r.meanTries), r.expectedTries, round(r.medianCpuMs), round(r.meanCpuMs), round(r.theoryMs), `${round(r.ratio, 2)}×`, `${round(r.perTryRatio, 2)}×`, round(r.medianWallMs)])
  )
}

export function poolTable (rows: PoolRow[], inline: GrindRow[]): string {
  return formatTable(
    ['bits', 'threads', 'IPAROs', 'mean tries', 'median wall ms', 'mean wall ms', 'theory ms', 'mean/theory', 'wall per try × threads/hash', 'CPU ms', 'CPU per try/hash', 'hashed/needed', 'speed-up over the calling thread (wall)'],
    rows.map(r => {
      const one = inline.find(i => i.bits === r.bits)
      return [r.bits, r.threads, r.iparos, round(r.meanTries), round(r.medianWallMs), round(r.meanWallMs), round(r.theoryMs), `${round(r.ratio, 2)}×`, `${round(r.meanWallMs * 1000 * r.threads / r.meanTries / r.hashUs, 2)}×`, round(r.meanCpuMs), `${round(r.meanCpuMs * 1000 / r.meanTries / r.hashUs, 2)}×`, `${round(r.wasted, 3)}×`, one == null ? '' : `${round(one.meanWallMs / r.meanWallMs, 2)}×`]
    })
  )
}

export function ingestTable (rows: IngestRow[]): string {
  return formatTable(
    ['fixture', 'namespace', 'mementos', 'runs', 'wall s (median)', 'ratio', 'wall s (best)', 'ratio', 'CPU s (median)', 'ratio', 'ground', 'tries/IPARO', 'grinding s'],
    rows.map(r => [r.fixture, r.setting, r.mementos, r.runs, round(r.medianWallS), `${round(r.wallRatio, 2)}×`, round(r.bestWallS), `${round(r.bestWallRatio, 2)}×`, round(r.medianCpuS), `${round(r.cpuRatio, 2)}×`, r.ground?.iparos ?? '', r.ground == null ? '' : round(r.ground.meanTries, 3), r.ground == null ? '' : round(r.ground.grindS)])
  )
}

type Point = ReturnType<typeof doublingBits>
export interface Doubling { fixture: string, wall: Point, bestWall: Point, cpu: Point, namespacedRuns: boolean }

export function doublings (rows: IngestRow[]): Doubling[] {
  const fixtures = [...new Set(rows.map(r => r.fixture))]
  return fixtures.map(fixture => {
    // a namespaced row that ground nothing (the CLI not grinding) says nothing of grinding's cost
    const mine = rows.filter(r => r.fixture === fixture && (r.total == null || (r.ground?.iparos ?? 0) > 0))
    return {
      fixture,
      wall: doublingBits(mine, r => r.wallRatio),
      bestWall: doublingBits(mine, r => r.bestWallRatio),
      cpu: doublingBits(mine, r => r.cpuRatio),
      namespacedRuns: mine.some(r => r.total != null)
    }
  }).filter(d => d.namespacedRuns)
}

export function doublingLines (list: Doubling[]): string {
  const say = (d: Point): string => d == null ? 'not reached (no ratio above 1.25)' : `${round(d.bits, 3)} bits (${d.how})`
  return list.map(d => `${d.fixture}: grinding doubles the wall time at ${say(d.wall)} (best runs: ${say(d.bestWall)}), the CPU time at ${say(d.cpu)}`).join('\n')
}

export function scanTable (rows: ScanRow[]): string {
  return formatTable(
    ['blocks', 'build s', 'open ms', 'key scan ms', 'scan ms', 'URL map ms', 'scan/URL map', 'top URL: candidates', 'expected', 'found/held', 'absent URL: mean candidates', 'expected', 'max', 'all found, as the URL map'],
    rows.map(r => {
      const top = [...r.urls].sort((a, b) => b.truth - a.truth)[0]
      return [r.blocks, round(r.buildSeconds), round(r.openMs), round(r.keyScanMs), round(r.scanMs), round(r.urlMapMs), `${round(r.scanMs / r.urlMapMs, 2)}×`, top?.candidates ?? '', top == null ? '' : round(top.expected), top == null ? '' : `${top.found}/${top.truth}`,
        round(r.absent.meanCandidates), round(r.absent.expected), r.absent.maxCandidates, r.urls.every(u => u.found === u.truth && u.sameAsUrlMap) ? 'yes' : 'NO']
    })
  )
}

/** What bench/results/namespace.json holds. */
export interface BenchResults {
  date: string
  machine: { cpu: string, cores: number, node: string, loadAtStart: string, loadAtEnd: string }
  seconds: number
  options: Record<string, unknown>
  roots: { count: number, bytes: { min: number, median: number, max: number } }
  grind: GrindRow[]
  pool: PoolRow[]
  ingest: IngestRow[]
  doubling: Doubling[]
  scan: ScanRow[]
}

/** Every part's table that the results hold, with a line saying what it is. */
export function printResults (r: BenchResults, log: (line: string) => void): void {
  log(`\n${r.date}, ${r.machine.cores} cores (${r.machine.cpu}), Node ${r.machine.node}, load ${r.machine.loadAtStart} → ${r.machine.loadAtEnd}`)
  const b = r.roots.bytes
  if (r.grind.length > 0) {
    log(`\n1. Grinding on the calling thread: ${r.roots.count} roots of the iana.org crawl (${b.min}–${b.max} bytes, median ${b.median}), grindNonce + crypto.hash('sha256'); ms are CPU time unless named wall\n`)
    log(grindTable(r.grind))
  }
  if (r.pool.length > 0) {
    log(`\n1b. Grinding on the grind pool (${r.pool[0]?.threads ?? 0} worker threads), the same roots\n`)
    log(poolTable(r.pool, r.grind))
  }
  if (r.ingest.length > 0) {
    log('\n2. iparo ingest of fixture crawls, a fresh data folder a run: medians, ratios against no namespace\n')
    log(ingestTable(r.ingest))
    log('\n' + doublingLines(doublings(r.ingest)))
  }
  if (r.scan.length > 0) {
    log('\n3. Scan, layout 6:10, synthetic pack stores (built in a child process; opened and scanned in this one)\n')
    log(scanTable(r.scan))
  }
}
