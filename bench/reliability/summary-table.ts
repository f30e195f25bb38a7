import type { KillRun } from './kill-scenarios.ts'
import type { RaceRound } from './writer-races.ts'

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0)
const count = <T>(xs: T[], f: (x: T) => boolean): number => xs.filter(f).length

export interface KillRow { scenario: string, runs: number, killedMidway: number, parentOnly: number, orphanMaxMs: number | null, finishedAnyway: number, opens: number, ipnsCompleteAfterKill: number, rerunOk: number, lost: number, extra: number, reingestDuplicates: number, ipnsCompleteAfterRerun: number }
export interface RaceRow { scenario: string, rounds: number, bothOk: number, clearRefusals: number, unclear: number, lost: number, extra: number, ipnsComplete: number }

export function killRow (scenario: string, runs: KillRun[]): KillRow {
  const orphans = runs.map(r => r.orphanMs).filter((ms): ms is number => ms != null)
  return {
    scenario,
    runs: runs.length,
    killedMidway: count(runs, r => !r.finishedFirst),
    parentOnly: count(runs, r => !r.finishedFirst && r.target === 'parent'),
    orphanMaxMs: orphans.length > 0 ? Math.round(Math.max(...orphans)) : null,
    finishedAnyway: count(runs, r => r.finishedAnyway),
    opens: count(runs, r => r.opensAfterKill),
    ipnsCompleteAfterKill: count(runs, r => r.ipnsCompleteAfterKill),
    rerunOk: count(runs, r => r.rerunCode === 0),
    lost: sum(runs.map(r => r.lost)),
    extra: sum(runs.map(r => r.extra)),
    reingestDuplicates: sum(runs.map(r => r.reingestDuplicates)),
    ipnsCompleteAfterRerun: count(runs, r => r.ipnsCompleteAfterRerun)
  }
}

export function raceRow (scenario: string, rounds: RaceRound[]): RaceRow {
  return {
    scenario,
    rounds: rounds.length,
    bothOk: count(rounds, r => r.failed === 0),
    clearRefusals: sum(rounds.map(r => r.failed)) - sum(rounds.map(r => r.unclear)),
    unclear: sum(rounds.map(r => r.unclear)),
    lost: sum(rounds.map(r => r.lost)),
    extra: sum(rounds.map(r => r.extra)),
    ipnsComplete: count(rounds, r => r.ipnsComplete)
  }
}

/** Both tables in Markdown, as docs/reliability.md quotes them. */
export function markdown (kills: KillRow[], races: RaceRow[]): string {
  const lines = [
    '| kill -9 during | runs | killed mid-way (parent only) | orphaned child lived on, max | killed yet ran to its end | store opens | IPNS record complete after the kill | re-run exits 0 | versions lost | versions extra or duplicated | of which any second ingest adds too¹ | IPNS record complete after the re-run |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...kills.map(k => `| ${k.scenario} | ${k.runs} | ${k.killedMidway} (${k.parentOnly}) | ${k.orphanMaxMs == null ? '—' : `${k.orphanMaxMs} ms`} | ${k.finishedAnyway} | ${k.opens}/${k.runs} | ${k.ipnsCompleteAfterKill}/${k.runs} | ${k.rerunOk}/${k.runs} | ${k.lost} | ${k.extra + k.reingestDuplicates} | ${k.reingestDuplicates} | ${k.ipnsCompleteAfterRerun}/${k.runs} |`),
    '',
    '¹ A run killed after it had published is re-run as a second ingest of the same files. Counted apart: the versions that any second ingest of these files adds, crash or not (a fault of the ingest\'s deduplication, not of the writers).',
    '',
    '| two writers at once | rounds | rounds where both exit 0 | clear refusals (exit 1) | unclear failures | mementos lost | extra or duplicated | IPNS record complete |',
    '|---|---|---|---|---|---|---|---|',
    ...races.map(r => `| ${r.scenario} | ${r.rounds} | ${r.bothOk} | ${r.clearRefusals} | ${r.unclear} | ${r.lost} | ${r.extra} | ${r.ipnsComplete}/${r.rounds} |`)
  ]
  return lines.join('\n') + '\n'
}
