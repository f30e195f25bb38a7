import { describe, expect, it } from 'vitest'
import { hostileRun } from '../bench/hostile/hostile-run.ts'
import { SAMPLE } from '../bench/hostile/techniques.ts'

/**
 * Archives come from strangers, with their scripts: a sample of the hostile-pages harness
 * (bench/hostile/, the full run is `npx tsx bench/hostile/run.ts`). Each page attacks the replay as an
 * attacker would (unhooked APIs from a fresh realm, WebRTC, the sandbox, the host page, the worker's
 * control path, forged reports to the app, the replay origin's storage) while a listener on 127.0.0.2
 * counts every hit. Nothing may reach it, the app's settings and address must not move, and blocks
 * altered in IndexedDB must be caught and fetched again.
 */
describe('hostile archived pages', () => {
  it('get nothing through: no request outside, settings and the app address unchanged, tampered blocks refetched', async () => {
    const result = await hostileRun(SAMPLE)
    // the listener sees each channel from a page of its own: zero hits below mean something
    expect(result.calibration).toMatchObject({ http: expect.any(Number), ws: expect.any(Number), udp: expect.any(Number) })
    for (const kind of ['http', 'ws', 'udp']) expect(result.calibration[kind], kind).toBeGreaterThan(0)
    expect(result.techniques.filter(t => t.through.length > 0).map(t => ({ id: t.id, through: t.through, sent: t.sent, hits: t.hits }))).toEqual([])
    // with what the block-tampering page did, when the check of tampered blocks is what failed
    expect(result.checks.through, JSON.stringify(result.techniques.find(t => t.id === 'idb-blocks')?.steps)).toEqual([])
    // every page ran to its end and said so (an earlier attack that broke the replay stops the later ones)
    expect(result.techniques.filter(t => !t.reported).map(t => t.id)).toEqual([])
    expect(result.checks.outsideHits).toBe(0)
    expect(result.checks.sentToOutside).toBe(0)
  }, 150_000)
})
