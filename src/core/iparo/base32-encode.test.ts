import { base32 } from 'multiformats/bases/base32'
import { describe, expect, it } from 'vitest'
import { base32Encode } from './base32-encode.ts'

/** Deterministic bytes (a linear congruential generator), different per seed. */
function seededBytes (length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length)
  let x = seed
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

describe('base32Encode', () => {
  it('gives what multiformats gives, for every length up to 80 bytes, in both cases', () => {
    for (let n = 0; n <= 80; n++) {
      const bytes = seededBytes(n, n + 1)
      expect(base32Encode(bytes)).toBe(base32.baseEncode(bytes))
      expect(base32Encode(bytes, true)).toBe(base32.baseEncode(bytes).toUpperCase())
    }
  })

  it('covers every byte value, and input longer than one batch of characters', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    expect(base32Encode(all)).toBe(base32.baseEncode(all))
    const long = seededBytes(10_000, 7)
    expect(base32Encode(long)).toBe(base32.baseEncode(long))
  })
})
