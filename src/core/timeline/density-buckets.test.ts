import { describe, expect, it } from 'vitest'
import { densityBuckets } from './density-buckets.ts'

describe('densityBuckets', () => {
  it('counts sorted times per equal bucket, with the first index of each, outside times left out', () => {
    const b = densityBuckets([-5, 0, 1, 9, 10, 55, 99, 100], { start: 0, end: 100 }, 10)
    expect(b).toHaveLength(10)
    expect(b.map(x => x.count)).toEqual([3, 1, 0, 0, 0, 1, 0, 0, 0, 1])
    expect(b.map(x => x.first)).toEqual([1, 4, -1, -1, -1, 5, -1, -1, -1, 6])
    expect(b[5]).toMatchObject({ start: 50, end: 60 })
  })

  it('keeps 100,000 times in bounded buckets, and at least one bucket', () => {
    const times = Array.from({ length: 100_000 }, (_, i) => i)
    const b = densityBuckets(times, { start: 0, end: 100_000 }, 200)
    expect(b.reduce((n, x) => n + x.count, 0)).toBe(100_000)
    expect(Math.max(...b.map(x => x.count))).toBe(500)
    expect(densityBuckets([1], { start: 0, end: 2 }, 0)).toHaveLength(1)
  })
})
