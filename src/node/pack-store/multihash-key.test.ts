import { describe, expect, it } from 'vitest'
import { cidOfKey, multihashKey } from './multihash-key.ts'

describe('multihashKey', () => {
  it('is the latin1 string of the bytes, for small and large multihashes and every byte value', () => {
    for (const n of [0, 1, 34, 255, 256, 257, 1000]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff)
      // a view inside a larger buffer, as CIDs hold their multihash
      const view = new Uint8Array([9, ...bytes, 9]).subarray(1, n + 1)
      expect(multihashKey(view)).toBe(Buffer.from(bytes).toString('latin1'))
    }
  })

  it('gives back the multihash through cidOfKey', () => {
    const multihash = new Uint8Array([0x12, 0x20, ...Array.from({ length: 32 }, (_, i) => 255 - i)])
    expect(cidOfKey(multihashKey(multihash)).multihash.bytes).toEqual(multihash)
  })
})
