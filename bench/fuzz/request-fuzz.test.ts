import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFuzzTarget, type FuzzTarget } from './fuzz-target.ts'
import { runRequestCases } from './request-fuzz-run.ts'
import type { RequestCaseResult } from './request-check.ts'

// A sample of the harness (npm run bench:fuzz sends 10,000): another seed than the bench's.
const SEED = 20261207
const REQUESTS = 400

describe('fuzzed requests to a real iparo serve (a sample of bench/fuzz/request-fuzz.ts)', () => {
  let target: FuzzTarget
  let results: RequestCaseResult[] = []
  beforeAll(async () => {
    target = await startFuzzTarget()
    results = await runRequestCases(target, SEED, 0, REQUESTS, { concurrency: 8, timeoutMs: 20_000 })
  })
  afterAll(async () => { await target.stop() })

  it('get documented statuses only, never a 5xx, and no engine text in error bodies', () => {
    expect(results).toHaveLength(REQUESTS)
    expect(results.filter(r => r.outcome !== 'ok')).toEqual([])
    // the sample reaches the routes' real answers as well as their refusals
    const statuses = new Set(results.map(r => r.status))
    for (const s of [200, 302, 400, 404, 405]) expect(statuses, `status ${s}`).toContain(s)
    expect(target.served.process.exitCode).toBeNull()
  })
})
