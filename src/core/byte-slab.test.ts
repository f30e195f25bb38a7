import { describe, expect, it } from 'vitest'
import { ByteSlab } from './byte-slab.ts'

describe('ByteSlab', () => {
  it('copies bytes into shared buffers, never into the source and never over an earlier copy', () => {
    const slab = new ByteSlab(64, 32)
    const source = Uint8Array.from({ length: 100 }, (_, i) => i)
    const copies = [0, 10, 30, 20, 25, 7].map((n, i) => ({ copy: slab.copy(source.subarray(i, i + n)), from: i, n }))
    source.fill(255)
    for (const { copy, from, n } of copies) {
      expect(copy.byteLength).toBe(n)
      expect([...copy]).toEqual(Array.from({ length: n }, (_, k) => from + k))
      expect(copy.buffer).not.toBe(source.buffer)
    }
    // 10 + 30 + 20 bytes share the first 64-byte slab; the next 25 start another
    expect(copies[1]?.copy.buffer).toBe(copies[3]?.copy.buffer)
    expect(copies[4]?.copy.buffer).not.toBe(copies[3]?.copy.buffer)
    expect(copies[4]?.copy.buffer).toBe(copies[5]?.copy.buffer)
  })

  it('allocates zeroed regions that never overlap, in shared buffers', () => {
    const slab = new ByteSlab(64, 32)
    const regions = [20, 30, 14, 20].map(n => slab.alloc(n))
    for (const r of regions) expect([...r].every(b => b === 0)).toBe(true)
    regions.forEach((r, i) => r.fill(i + 1))
    regions.forEach((r, i) => expect([...r].every(b => b === i + 1)).toBe(true))
    // 20 + 30 + 14 fill the first 64-byte slab exactly; the next 20 start another
    expect(regions[0]?.buffer).toBe(regions[2]?.buffer)
    expect(regions[3]?.buffer).not.toBe(regions[2]?.buffer)
  })

  it('gives a larger array a buffer of its own', () => {
    const slab = new ByteSlab(64, 32)
    const big = new Uint8Array(40).fill(7)
    const copy = slab.copy(big)
    expect(copy).toEqual(big)
    expect(copy.byteLength).toBe(copy.buffer.byteLength)
    expect(copy.buffer).not.toBe(big.buffer)
  })
})
