/**
 * A Bloom filter of a fixed number of bits (a power of two), 3 probes per key. It only ever rules
 * keys out: `mayHave` false means the key was never added; true means nothing (the caller looks).
 * Its memory never grows: past about bits/10 keys its false positives rise, which costs lookups, never
 * a wrong answer.
 */
export class BloomFilter {
  private readonly words: Uint32Array
  private readonly mask: number

  constructor (bits: number) {
    const size = 2 ** Math.max(10, Math.ceil(Math.log2(bits)))
    this.words = new Uint32Array(size / 32)
    this.mask = size - 1
  }

  add (key: Uint8Array): void {
    const [h1, h2] = hashes(key)
    for (let i = 0; i < 3; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.mask
      this.words[bit >>> 5] = (this.words[bit >>> 5] ?? 0) | (1 << (bit & 31))
    }
  }

  mayHave (key: Uint8Array): boolean {
    const [h1, h2] = hashes(key)
    for (let i = 0; i < 3; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.mask
      if (((this.words[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) return false
    }
    return true
  }
}

/** Two 32-bit FNV-1a hashes (different offset bases) for double hashing; the second made odd. */
function hashes (key: Uint8Array): [number, number] {
  let a = 0x811c9dc5
  let b = 0x050c5d1f
  for (let i = 0; i < key.byteLength; i++) {
    const byte = key[i] ?? 0
    a = Math.imul(a ^ byte, 0x01000193)
    b = Math.imul(b ^ byte, 0x01000193) ^ (b >>> 15)
  }
  return [a >>> 0, (b | 1) >>> 0]
}
