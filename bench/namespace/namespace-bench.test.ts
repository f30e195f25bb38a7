/**
 * A tiny case of each part of bench/namespace, for what it measures to stay right: correctness only,
 * never timing (the bench prints times; the suite cannot judge them on a shared machine).
 */
import { describe, expect, it } from 'vitest'
import { hasPrefix } from '../../src/core/namespace/namespace-prefix.ts'
import { writeNonce } from '../../src/core/namespace/grind-nonce.ts'
import { grindOne, grindRow, layoutFor, prefixesFor } from './grind-cost.ts'
import { doublingBits, settingsFor, type IngestRow } from './ingest-slowdown.ts'
import { sampleRoots } from './sample-roots.ts'
import { scanRow } from './scan-cost.ts'
import { sha256Digest } from '../../src/node/node-sha2.ts'

describe('grinding (part 1)', () => {
  it('finds the smallest nonce whose root digest has the prefix, on real IPARO roots', async () => {
    const roots = await sampleRoots(['ipwb/5mementos.warc'], 4)
    expect(roots.length).toBe(4)
    const prefixes = await prefixesFor(roots, 8)
    for (const [i, root] of roots.entries()) {
      const prefix = prefixes[i]
      if (prefix == null) throw new Error('no prefix')
      const { tries, bytes } = grindOne(root, prefix, 1)
      expect(hasPrefix(sha256Digest(bytes), prefix)).toBe(true)
      // no smaller nonce matches: tries are what a grinder from 0 needs
      const probe = root.bytes.slice()
      for (let nonce = 0; nonce < tries - 1; nonce++) {
        writeNonce(probe, root.nonceAt, nonce)
        expect(hasPrefix(sha256Digest(probe), prefix)).toBe(false)
      }
    }
    const row = await grindRow(roots, 8, roots.length)
    expect(row).toMatchObject({ bits: 8, iparos: 4, expectedTries: 256 })
    expect(row.hashUs).toBeGreaterThan(0)
    expect(row.theoryMs).toBeCloseTo(256 * row.hashUs / 1000)
  })

  it('splits a total as --namespace 6:B does', () => {
    expect(layoutFor(4)).toEqual({ bits: 4, urlBits: 0 })
    expect(layoutFor(16)).toEqual({ bits: 6, urlBits: 10 })
    expect(settingsFor([8, 16]).map(s => s.option ?? 'none')).toEqual(['none', '6:2', '6:10'])
  })
})

describe('the ingest slowdown (part 2)', () => {
  const row = (total: number | null, ratio: number): IngestRow => ({
    fixture: 'f', setting: String(total), total, runs: 3, mementos: 1, medianWallS: 1, medianCpuS: 1, wallRatio: ratio, cpuRatio: ratio, bestWallS: 1, bestWallRatio: ratio, bestCpuRatio: ratio, ground: null
  })

  it('interpolates the doubling point on log2(ratio − 1), and extrapolates with slope 1 without a pair around it', () => {
    // ratio − 1 = 2^(b − 14): doubles at 14 bits
    const model = [null, 8, 13, 16].map(b => row(b, b == null ? 1 : 1 + 2 ** (b - 14)))
    expect(doublingBits(model, r => r.wallRatio)).toEqual({ bits: 14, how: 'interpolated' })
    expect(doublingBits(model.slice(0, 3), r => r.wallRatio)).toEqual({ bits: 14, how: 'extrapolated' })
    expect(doublingBits([row(null, 1), row(8, 1.2)], r => r.wallRatio)).toBeNull()
  })
})

describe('the scan (part 3)', () => {
  it('finds every capture the synthetic store holds, and counts chance candidates', async () => {
    // 8 bits, so that 3,000 blocks give chance collisions (~12 a lookup) in a store made in a second
    const layout = { bits: 6, urlBits: 2 }
    const row = await scanRow(3000, layout, 1, true)
    expect(row.blocks).toBe(3000)
    expect(row.urls.length).toBeGreaterThan(2)
    expect(row.urlMapMs).toBeGreaterThan(0)
    for (const u of row.urls) {
      expect(u.found).toBe(u.truth)
      expect(u.sameAsUrlMap).toBe(true)
      expect(u.candidates).toBe(u.found + u.collisions)
    }
    expect(row.urls.some(u => u.collisions > 0)).toBe(true)
    expect(row.absent.checked).toBe(true)
    expect(row.absent.expected).toBeCloseTo(row.blocks * 2 ** -8, 0)
    expect(row.absent.meanCandidates).toBeGreaterThan(row.absent.expected / 2)
    expect(row.absent.meanCandidates).toBeLessThan(row.absent.expected * 2)
  })
})
