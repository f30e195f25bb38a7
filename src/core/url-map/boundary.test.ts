import { describe, expect, it } from 'vitest'
import { isBoundary, MAX_ITEMS, MIN_ITEMS, SPLIT_BYTES } from './boundary.ts'

/** Node sizes the rule gives over a stream of distinct keys. */
function sizes (level: number, total: number): number[] {
  const out: number[] = []
  let count = 0
  for (let i = 0; i < total; i++) {
    count++
    if (isBoundary(level, `com,example,host${i % 977})/item/${i}`, count, 0)) {
      out.push(count)
      count = 0
    }
  }
  return out
}

describe('isBoundary', () => {
  it('never cuts below MIN_ITEMS unless the bytes force it', () => {
    for (let c = 1; c < MIN_ITEMS; c++) expect(isBoundary(0, `k${c}`, c, 0)).toBe(false)
    expect(isBoundary(0, 'k', 2, SPLIT_BYTES)).toBe(true)
    expect(isBoundary(0, 'k', MAX_ITEMS, 0)).toBe(true)
  })

  it('gives nodes of about 128 items, none huge, at every level', () => {
    for (const level of [0, 1, 2]) {
      const s = sizes(level, 200_000)
      const mean = s.reduce((a, b) => a + b, 0) / s.length
      expect(mean).toBeGreaterThan(115)
      expect(mean).toBeLessThan(140)
      expect(Math.min(...s)).toBeGreaterThanOrEqual(MIN_ITEMS)
      expect(Math.max(...s)).toBeLessThan(400)
    }
  })

  it('cuts at different keys on different levels', () => {
    let same = 0
    let cuts = 0
    for (let i = 0; i < 20_000; i++) {
      const key = `k${i}`
      const a = isBoundary(0, key, 128, 0)
      if (a) cuts++
      if (a && isBoundary(1, key, 128, 0)) same++
    }
    expect(cuts).toBeGreaterThan(200)
    // independent levels: about the same fraction again, not all of them
    expect(same / cuts).toBeLessThan(0.2)
  })
})
