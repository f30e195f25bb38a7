import { describe, expect, it } from 'vitest'
import { lipmaa } from './lipmaa.ts'

describe('lipmaa', () => {
  it('matches the Bamboo reference table', () => {
    const table: Array<[number, number]> = [
      [2, 1], [3, 2], [4, 1], [5, 4], [6, 5], [7, 6], [8, 4], [9, 8], [10, 9], [11, 10], [12, 8],
      [13, 4], [14, 13], [17, 13], [26, 13], [39, 26], [40, 13], [121, 40], [122, 121]
    ]
    for (const [n, want] of table) expect(lipmaa(n), `lipmaa(${n})`).toBe(want)
  })

  it('always jumps backwards, and to the certificate pool from (3^k − 1)/2', () => {
    for (let n = 2; n < 5000; n++) {
      const l = lipmaa(n)
      expect(l).toBeGreaterThanOrEqual(1)
      expect(l).toBeLessThan(n)
    }
    expect(lipmaa(1093)).toBe(1093 - 729)
    expect(lipmaa(1)).toBe(0)
  })
})
