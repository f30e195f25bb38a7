import { describe, expect, it } from 'vitest'
import { ratio, spread } from './spread.ts'

describe('spread', () => {
  it('takes nearest-rank percentiles of ten runs in any order', () => {
    const s = spread([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])
    expect(s).toEqual({ runs: 10, p50: 5, p10: 1, p90: 9, min: 1, max: 10 })
  })

  it('has no numbers without runs, so a failed system shows as such instead of as zero', () => {
    const s = spread([])
    expect(s.runs).toBe(0)
    expect(s.p50).toBeNaN()
    expect(ratio(s, spread([100]))).toBeNaN()
  })

  it('gives ours ÷ reference on the medians', () => {
    expect(ratio(spread([50, 60, 70]), spread([100, 120, 140]))).toBe(0.5)
  })
})
