import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { keyString } from '../../core/car/key-set.ts'
import { SpillSet } from './spill-set.ts'

/** Deterministic keys of 1–40 bytes (a seeded xorshift), many sharing prefixes and lengths. */
function keys (count: number, seed: number): Uint8Array[] {
  let x = seed
  const next = (): number => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return x >>> 0 }
  return Array.from({ length: count }, () => {
    const key = new Uint8Array(1 + (next() % 40))
    for (let i = 0; i < key.byteLength; i++) key[i] = next() % (i < 2 ? 3 : 256)
    return key
  })
}

describe('SpillSet', () => {
  it('answers exactly like a Set across spills and merges, with a tiny filter forcing run lookups', async () => {
    const data = mkdtempSync(join(tmpdir(), 'iparo-spill-'))
    const set = await SpillSet.open(data, { memoryKeys: 37, fanIn: 2, bloomBits: 1024 })
    const reference = new Set<string>()
    const added = keys(3000, 7)
    try {
      for (const key of added) {
        const fresh = !reference.has(keyString(key))
        reference.add(keyString(key))
        expect(await set.add(key)).toBe(fresh)
      }
      expect(set.size).toBe(reference.size)
      // spilled into several runs, merged size-tiered: far fewer than size / memoryKeys
      expect(set.runCount).toBeGreaterThan(1)
      expect(set.runCount).toBeLessThan(12)
      for (const key of added) expect(await set.has(key)).toBe(true)
      for (const key of keys(3000, 99)) expect(await set.has(key)).toBe(reference.has(keyString(key)))
      for (const key of added.slice(0, 200)) expect(await set.add(key)).toBe(false)
    } finally {
      await set.close()
    }
    expect(readdirSync(join(data, 'tmp'))).toEqual([])
  })

  it('keeps the key just spilled and the one just added apart at the spill boundary', async () => {
    const data = mkdtempSync(join(tmpdir(), 'iparo-spill-'))
    const set = await SpillSet.open(data, { memoryKeys: 2 })
    try {
      const [a, b, c] = [Uint8Array.of(1), Uint8Array.of(1, 0), Uint8Array.of(0, 1)]
      expect(await set.add(a)).toBe(true)
      expect(await set.add(b)).toBe(true) // the second key spills both
      expect(set.runCount).toBe(1)
      expect(await set.add(c)).toBe(true)
      expect([await set.has(a), await set.has(b), await set.has(c), await set.has(Uint8Array.of(0))]).toEqual([true, true, true, false])
      expect(await set.add(b)).toBe(false)
    } finally {
      await set.close()
    }
  })

  it('stays exact when calls overlap (a spill under way while others arrive)', async () => {
    const data = mkdtempSync(join(tmpdir(), 'iparo-spill-'))
    const set = await SpillSet.open(data, { memoryKeys: 16, fanIn: 2, bloomBits: 256 })
    try {
      const input = keys(2000, 3)
      const fresh = await Promise.all(input.map(async key => set.add(key)))
      const distinct = new Set(input.map(keyString))
      expect(fresh.filter(Boolean).length).toBe(distinct.size)
      expect(set.size).toBe(distinct.size)
      expect((await Promise.all(input.map(async key => set.has(key)))).every(Boolean)).toBe(true)
    } finally {
      await set.close()
    }
  })

  it('spills at its default size (a run of 131,072 keys) and still answers exactly', async () => {
    const data = mkdtempSync(join(tmpdir(), 'iparo-spill-'))
    const set = await SpillSet.open(data)
    try {
      const key = (i: number): Uint8Array => Uint8Array.of(0x12, 0x20, i >>> 16, (i >>> 8) & 255, i & 255, 0x55)
      for (let i = 0; i < 140_000; i++) await set.add(key(i))
      expect(set.runCount).toBe(1)
      for (let i = 0; i < 140_000; i += 997) expect(await set.has(key(i))).toBe(true)
      expect(await set.has(key(140_001))).toBe(false)
      expect(await set.add(key(5))).toBe(false)
    } finally {
      await set.close()
    }
  })

  it('refuses keys longer than a record can say', async () => {
    const data = mkdtempSync(join(tmpdir(), 'iparo-spill-'))
    const set = await SpillSet.open(data)
    await expect(set.add(new Uint8Array(256))).rejects.toThrow(/too long/)
    await set.close()
    expect(existsSync(join(data, 'tmp'))).toBe(true)
  })
})
