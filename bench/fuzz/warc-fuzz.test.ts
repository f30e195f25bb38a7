import { beforeAll, describe, expect, it } from 'vitest'
import { loadFixtures, type Fixture } from './fuzz-fixtures.ts'
import { KnownArchive } from './known-archive.ts'
import { calibrate, runWarcCase, type WarcCaseResult } from './warc-fuzz-case.ts'

// A sample of the harness (npm run bench:fuzz runs 10,000): another seed than the bench's, so the two add up.
const SEED = 20261207
const CASES = 350

describe('damaged WARCs ingested into an archive with known content (a sample of bench/fuzz/warc-fuzz.ts)', () => {
  const results: WarcCaseResult[] = []
  beforeAll(async () => {
    const fixtures: Fixture[] = await loadFixtures()
    const known = await KnownArchive.build(fixtures)
    await calibrate(fixtures, known)
    for (let i = 0; i < CASES; i++) results.push(await runWarcCase(fixtures, known, SEED, i, 10_000))
  })

  it('never crash or hang, and never change what a known URI-M replays', () => {
    expect(results).toHaveLength(CASES)
    expect(results.filter(r => r.outcome === 'crash' || r.outcome === 'hang' || r.outcome === 'changed-known')).toEqual([])
    // every operator was drawn
    expect(new Set(results.map(r => r.op)).size).toBe(7)
  })

  it('keep every intact record before the damage (uncompressed input)', () => {
    expect(results.filter(r => r.outcome === 'lost-intact' && r.op !== 'gzip-member')).toEqual([])
    expect(results.reduce((n, r) => n + r.intactChecked, 0)).toBeGreaterThan(0)
  })

  // zlib's error for a broken member discards all it inflated from that read: src/node/warc-file-source.ts
  // then re-inflates member by member from the last good point (src/node/gzip-members.ts).
  it('keep every intact record before a broken gzip member', () => {
    expect(results.filter(r => r.outcome === 'lost-intact' && r.op === 'gzip-member')).toEqual([])
  })
})
