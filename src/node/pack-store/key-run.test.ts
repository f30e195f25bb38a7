import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { compareEntries, FLAG_FULL, type KeyEntry } from './key-entry.ts'
import { KeyRun, writeRun } from './key-run.ts'
import { chooseChain } from './run-chain.ts'

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'key-run-')) })
afterEach(() => { rmSync(dir, { recursive: true, force: true }) })

const entry = (fp: Buffer, offset: number): KeyEntry => ({ fp, flags: FLAG_FULL, cidLength: 36, offset, pack: 1, length: 10, time: 0 })

describe('run files', () => {
  it('finds every entry of a fingerprint in one bucket of thousands (the window) and none of an absent one', async () => {
    const entries = Array.from({ length: 5000 }, (_, i) => entry(randomBytes(32), i))
    // a fingerprint held three times, and clustered fingerprints (not uniform: the window misses them)
    const twice = randomBytes(32)
    entries.push(entry(twice, 9001), entry(twice, 9002), entry(twice, 9003))
    for (let i = 0; i < 300; i++) entries.push(entry(Buffer.concat([Buffer.alloc(31, 0x77), Buffer.of(i & 0xff)]), 10_000 + i))
    entries.sort(compareEntries)
    // a count hint of 1: one bucket for everything
    const run = await writeRun(dir, entries, 1, { pack: 0, offset: 0 }, { pack: 1, offset: 100 })
    expect(run.bits).toBe(0)
    for (const e of entries) {
      const found = run.lookup(e.fp)
      expect(found.map(f => f.offset)).toContain(e.offset)
      expect(found.every(f => f.fp.equals(e.fp))).toBe(true)
    }
    expect(run.lookup(twice)).toHaveLength(3)
    for (let i = 0; i < 200; i++) expect(run.lookup(randomBytes(32))).toEqual([])
    await run.retire()
  })

  it('refuses a run whose header or size is wrong', async () => {
    const run = await writeRun(dir, [entry(randomBytes(32), 8)], 1, { pack: 0, offset: 0 }, { pack: 1, offset: 100 })
    await run.retire()
    const { truncateSync, statSync } = await import('node:fs')
    truncateSync(run.path, statSync(run.path).size - 1)
    expect(await KeyRun.open(run.path)).toBeUndefined()
  })

  it('chains runs from the origin as far as they reach, preferring fewer runs', () => {
    const r = (a: number, b: number, count = 1): { from: { pack: number, offset: number }, to: { pack: number, offset: number }, count: number, name: string } =>
      ({ from: { pack: a === 0 ? 0 : 1, offset: a }, to: { pack: 1, offset: b }, count, name: `${a}-${b}` })
    const runs = [r(0, 10), r(10, 20), r(20, 30), r(0, 20), r(25, 40), r(30, 35)]
    expect(chooseChain(runs).map(x => x.name)).toEqual(['0-20', '20-30', '30-35'])
    expect(chooseChain([r(10, 20)])).toEqual([])
  })
})
