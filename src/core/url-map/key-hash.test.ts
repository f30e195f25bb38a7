import { describe, expect, it } from 'vitest'
import { keyHash, murmur3 } from './key-hash.ts'

const hash = (s: string, seed: number): number => {
  const bytes = new TextEncoder().encode(s)
  return murmur3(bytes, bytes.length, seed)
}

describe('keyHash', () => {
  it('is MurmurHash3 x86/32 (reference vectors)', () => {
    expect(hash('', 0)).toBe(0)
    expect(hash('', 1)).toBe(0x514e28b7)
    expect(hash('hello', 0)).toBe(0x248bfa47)
    expect(hash('Hello, world!', 1234)).toBe(0xfaf6cdb3)
    expect(hash('test', 0x9747b28c)).toBe(0x704b81dc)
    expect(hash('The quick brown fox jumps over the lazy dog', 0)).toBe(0x2e4ff723)
  })

  it('hashes the UTF-8 bytes, seeded by level', () => {
    expect(keyHash('hello', 0)).toBe(0x248bfa47)
    expect(keyHash('héllo😀', 3)).toBe(hash('héllo😀', 3))
    expect(keyHash('com,example)/', 0)).not.toBe(keyHash('com,example)/', 1))
    // a long key grows the scratch buffer
    expect(keyHash('x'.repeat(5000), 2)).toBe(hash('x'.repeat(5000), 2))
  })
})
