import { benignReplay, offlineHost, settingsShown, settleWorker, stopWorkers } from './checks.ts'
import { play, setUp, tearDown, type Played } from './harness.ts'
import { pick } from './techniques.ts'
import { judge, judgeRun, type Checks, type TechniqueResult } from './verdict.ts'

export interface HostileResult {
  appOrigin: string
  replayOrigin: string
  outside: { http: string, stun: string }
  calibration: Record<string, number>
  techniques: TechniqueResult[]
  checks: Checks
  passed: boolean
}

/**
 * A whole run: the node with both archives, a benign replay (so blocks are cached) and the Settings
 * view as they are before any attack, every hostile page in turn, the app opened with the node
 * stopped (what the replay origin cached is then what runs), then the worker stopped (whatever it reads
 * back at start now counts), the benign page replayed again and the Settings view read again.
 * The browser is closed before the listener's hits are counted, so nothing in flight is missed.
 */
export async function hostileRun (ids?: readonly string[], log: (line: string) => void = () => {}): Promise<HostileResult> {
  const techniques = pick(ids)
  const run = await setUp(techniques, log)
  try {
    await benignReplay(run, 'check:baseline-replay')
    const before = await settingsShown(run)
    const played: Played[] = []
    for (const t of techniques) {
      const p = await play(run, t)
      played.push(p)
      log(`${t.id}: ${p.reports.map(r => `stage ${r.stage} ${r.final ? 'final' : 'partial'} (${r.steps.length} steps)`).join(', ') || 'no report'}`)
    }
    const offline = await offlineHost(run)
    await stopWorkers(run)
    await settleWorker(run)
    const benign = await benignReplay(run, 'check:benign-replay')
    const after = await settingsShown(run)
    await run.requests.settled()
    await run.context.close()
    const results = played.map(p => judge(run, p))
    const checks = judgeRun(run, before, after, { ...benign, offlineHostTitle: offline }, results)
    return {
      appOrigin: new URL(run.node.url).origin,
      replayOrigin: new URL(run.node.replayUrl).origin,
      outside: { http: run.outside.http, stun: run.outside.stun },
      calibration: run.calibration,
      techniques: results,
      checks,
      passed: checks.through.length === 0 && results.every(r => r.through.length === 0)
    }
  } finally {
    await tearDown(run)
  }
}
