import { describe, expect, it } from 'vitest'
import { seededRandom } from './seeded-random.ts'
import { SortedSeqSet } from './sorted-seq-set.ts'

describe('SortedSeqSet', () => {
  it('agrees with a sorted array under random inserts and deletes', () => {
    const rnd = seededRandom(42)
    const set = new SortedSeqSet()
    const ref = new Set<number>()
    for (let i = 0; i < 20_000; i++) {
      const x = Math.floor(rnd() * 3000)
      if (rnd() < 0.65) {
        expect(set.insert(x)).toBe(!ref.has(x))
        ref.add(x)
      } else {
        expect(set.delete(x)).toBe(ref.has(x))
        ref.delete(x)
      }
      if (i % 97 === 0) {
        const sorted = [...ref].sort((a, b) => a - b)
        expect(set.size).toBe(sorted.length)
        expect(set.min()).toBe(sorted[0])
        expect(set.max()).toBe(sorted[sorted.length - 1])
        const q = Math.floor(rnd() * 3100) - 50
        expect(set.successor(q)).toBe(sorted.find(v => v > q))
        expect(set.predecessor(q)).toBe([...sorted].reverse().find(v => v < q))
        expect(set.has(q)).toBe(ref.has(q))
        expect([...set.range(q, q + 200)]).toEqual(sorted.filter(v => v >= q && v <= q + 200))
      }
    }
  })
})
