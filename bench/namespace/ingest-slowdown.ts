/**
 * Part 2: what grinding adds to `iparo ingest` of the fixture crawls. Each run is the CLI as an
 * archivist runs it (`node bin/iparo.js --data FRESH ingest --json [--namespace 6:B] FILE`), a fresh
 * process and data folder, timed from spawn to exit (wall) and by the CPU its processes used (GNU time's
 * user + system: every thread, the grinding ones included). Settings are interleaved within a round, so
 * drift on a shared machine hits them alike.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { FIXTURES } from './fixture-ingest.ts'
import { median } from './stats.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const GNU_TIME = '/usr/bin/time'
const run = promisify(execFile)

/** A setting: no namespace, or `--namespace 6:B` for a total of 6 + B bits. */
export interface Setting { label: string, option?: string, total?: number }

export function settingsFor (totals: number[]): Setting[] {
  return [{ label: 'none' }, ...totals.map(t => ({ label: `${Math.min(t, 6)}:${t - Math.min(t, 6)}`, option: `${Math.min(t, 6)}:${t - Math.min(t, 6)}`, total: t }))]
}

export interface IngestSample {
  wallS: number
  cpuS: number
  mementos: number
  /** the ingest's own report of its grinding (`namespace` in --json) */
  ground?: { iparos: number, tries: number, grindMs: number, threads: number }
}

/** The bundle's time: a run during which the launcher rebuilt it (a source changed) timed esbuild too. */
function bundleTime (): number {
  try { return statSync(`${ROOT}dist/cli.js`).mtimeMs } catch { return 0 }
}

/** One timed ingest of `fixture` (under ../shared/fixtures) into a fresh data folder. */
export async function ingestOnce (fixture: string, setting: Setting): Promise<IngestSample> {
  const data = mkdtempSync(join(tmpdir(), 'iparo-nsbench-data-'))
  const timeFile = join(data, 'time.txt')
  const cli = [`${ROOT}bin/iparo.js`, '--data', join(data, 'home'), 'ingest', '--json', ...(setting.option != null ? ['--namespace', setting.option] : []), `${FIXTURES}${fixture}`]
  const gnu = existsSync(GNU_TIME)
  const start = performance.now()
  try {
    const { stdout } = await run(gnu ? GNU_TIME : process.execPath, gnu ? ['-f', '%U %S', '-o', timeFile, process.execPath, ...cli] : cli, { cwd: ROOT, maxBuffer: 64 << 20 })
    const wallS = (performance.now() - start) / 1000
    const [user, system] = gnu ? readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number) : [Number.NaN, Number.NaN]
    const report = JSON.parse(stdout) as { mementos: number, namespace?: IngestSample['ground'] }
    return { wallS, cpuS: (user ?? Number.NaN) + (system ?? Number.NaN), mementos: report.mementos, ...(report.namespace != null ? { ground: report.namespace } : {}) }
  } finally {
    rmSync(data, { recursive: true, force: true })
  }
}

/** ingestOnce, again when the launcher rebuilt its bundle meanwhile (up to 3 times). */
async function ingestTimed (fixture: string, setting: Setting): Promise<IngestSample> {
  for (let attempt = 0; ; attempt++) {
    const before = bundleTime()
    const sample = await ingestOnce(fixture, setting)
    if (bundleTime() === before || attempt >= 2) return sample
  }
}

export interface IngestRow {
  fixture: string
  setting: string
  total: number | null
  runs: number
  mementos: number
  medianWallS: number
  medianCpuS: number
  wallRatio: number
  cpuRatio: number
  /** the fastest run's, and its ratio to the fastest run without a namespace (bench/README.md's headline convention) */
  bestWallS: number
  bestWallRatio: number
  bestCpuRatio: number
  /** from the ingest's report: IPAROs ground and mean tries per IPARO (median run), grinding wall time */
  ground: { iparos: number, meanTries: number, grindS: number, threads: number } | null
}

function rowOf (fixture: string, setting: Setting, samples: IngestSample[], reference: IngestSample[]): IngestRow {
  const g = samples.map(s => s.ground).filter(x => x != null)
  const mid = g.sort((a, b) => a.grindMs - b.grindMs)[g.length >> 1]
  return {
    fixture,
    setting: setting.label,
    total: setting.total ?? null,
    runs: samples.length,
    mementos: samples[0]?.mementos ?? 0,
    medianWallS: median(samples.map(s => s.wallS)),
    medianCpuS: median(samples.map(s => s.cpuS)),
    wallRatio: median(samples.map(s => s.wallS)) / median(reference.map(s => s.wallS)),
    cpuRatio: median(samples.map(s => s.cpuS)) / median(reference.map(s => s.cpuS)),
    bestWallS: Math.min(...samples.map(s => s.wallS)),
    bestWallRatio: Math.min(...samples.map(s => s.wallS)) / Math.min(...reference.map(s => s.wallS)),
    bestCpuRatio: Math.min(...samples.map(s => s.cpuS)) / Math.min(...reference.map(s => s.cpuS)),
    ground: mid == null ? null : { iparos: mid.iparos, meanTries: mid.iparos > 0 ? mid.tries / mid.iparos : 0, grindS: mid.grindMs / 1000, threads: mid.threads }
  }
}

/**
 * Every fixture × setting, `rounds` times, interleaved (the order of settings turns each round), after
 * one untimed run that brings the launcher's bundle up to date. `skip` leaves a setting out for a
 * fixture (the 20-bit ingest of a crawl of hundreds of IPAROs takes minutes a run).
 */
export async function ingestSlowdown (fixtures: string[], settings: Setting[], rounds: number, skip: (fixture: string, s: Setting) => boolean, log: (line: string) => void): Promise<IngestRow[]> {
  await ingestOnce(fixtures[0] ?? '', settings[0] ?? { label: 'none' })
  const samples = new Map<string, IngestSample[]>()
  for (let round = 0; round < rounds; round++) {
    for (const fixture of fixtures) {
      const order = settings.map((_, i) => settings[(i + round) % settings.length]).filter(s => s != null && !skip(fixture, s))
      for (const setting of order) {
        if (setting == null) continue
        const sample = await ingestTimed(fixture, setting)
        const key = `${fixture} ${setting.label}`
        samples.set(key, [...samples.get(key) ?? [], sample])
        log(`  round ${round + 1}: ${key}: ${sample.wallS.toFixed(2)} s wall, ${sample.cpuS.toFixed(2)} s CPU${sample.ground != null ? `, ${sample.ground.iparos} ground` : ''}`)
        // a namespaced run that ground nothing measured no grinding: said loudly, never quoted as a cost
        if (setting.option != null && (sample.ground?.iparos ?? 0) === 0) log(`  WARNING: ${key} ground no IPARO (its ingest reports none)`)
      }
    }
  }
  return fixtures.flatMap(fixture => {
    const reference = samples.get(`${fixture} none`) ?? []
    return settings.filter(s => !skip(fixture, s)).map(s => rowOf(fixture, s, samples.get(`${fixture} ${s.label}`) ?? [], reference))
  })
}

/**
 * The total at which grinding doubles the ingest's time (ratio 2), for one fixture. Under the model
 * time = base + n × 2^bits × c, log2(ratio − 1) grows by 1 a bit: it is interpolated linearly between
 * the two measured totals around ratio 2, or, without such a pair, extrapolated with slope 1 from the
 * highest total whose ratio exceeds 1.25 (null when none does: below that, one CLI run's noise on a
 * shared machine is as large as the grinding).
 */
const NOISE = 1.25

export function doublingBits (rows: IngestRow[], ratioOf: (r: IngestRow) => number): { bits: number, how: 'interpolated' | 'extrapolated' } | null {
  const points = rows.filter(r => r.total != null && ratioOf(r) > NOISE).map(r => ({ b: r.total ?? 0, y: Math.log2(ratioOf(r) - 1) })).sort((a, b) => a.b - b.b)
  for (let i = 1; i < points.length; i++) {
    const lo = points[i - 1]
    const hi = points[i]
    if (lo != null && hi != null && lo.y <= 0 && hi.y >= 0) {
      return { bits: hi.y === lo.y ? lo.b : lo.b + (0 - lo.y) * (hi.b - lo.b) / (hi.y - lo.y), how: 'interpolated' }
    }
  }
  const last = points[points.length - 1]
  return last == null ? null : { bits: last.b - last.y, how: 'extrapolated' }
}
