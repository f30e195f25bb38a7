import { randomBytes } from 'node:crypto'
import * as dagPb from '@ipld/dag-pb'
import { describe, expect, it } from 'vitest'
import { multihashKey } from '../../core/blocks.ts'
import { hasPrefix, type NamespacePrefix } from '../../core/namespace/namespace-prefix.ts'
import { keysWithPrefixes, rootCidOfKey } from './scan-keys.ts'

const sha256Key = (digest: Uint8Array): string => multihashKey(Uint8Array.from([0x12, 0x20, ...digest]))
const keyBytes = new Map<string, Uint8Array>()
/** The reference: the core's bit comparison on the digest's bytes. */
function reference (keys: string[], prefixes: NamespacePrefix[]): string[] {
  const bytesOf = (k: string): Uint8Array => keyBytes.get(k) ?? keyBytes.set(k, Uint8Array.from(k, c => c.charCodeAt(0))).get(k) as Uint8Array
  return keys.filter(k => prefixes.some(p => hasPrefix(bytesOf(k), p, 2)))
}

describe('keysWithPrefixes', () => {
  it('agrees with the core\'s bit comparison for every prefix length, 0 to 32 bits', () => {
    const keys = Array.from({ length: 2000 }, () => sha256Key(randomBytes(32)))
    // a prefix taken from a real key, so that long prefixes match something too
    const model = Uint8Array.from(keys[7] ?? '', c => c.charCodeAt(0)).subarray(2, 6)
    for (let bits = 0; bits <= 32; bits++) {
      const bytes = model.slice(0, Math.ceil(bits / 8))
      if (bits % 8 !== 0) bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) & ((0xff << (8 - (bits % 8))) & 0xff)
      const prefix = { bytes, bits }
      const found = keysWithPrefixes(keys, [prefix])
      expect(found, `${bits} bits`).toEqual(reference(keys, [prefix]))
      expect(found).toContain(keys[7])
    }
  })

  it('lists a key matching several prefixes once, in the order given', () => {
    const keys = [sha256Key(new Uint8Array(32).fill(0xff)), sha256Key(new Uint8Array(32)), sha256Key(new Uint8Array(32).fill(0xf0))]
    const prefixes = [{ bytes: Uint8Array.of(0xf0), bits: 4 }, { bytes: Uint8Array.of(0xff), bits: 8 }]
    expect(keysWithPrefixes(keys, prefixes)).toEqual([keys[0], keys[2]])
  })

  it('passes over keys that are not sha2-256 multihashes: no other hash is ever in a namespace', () => {
    const zero = { bytes: new Uint8Array(0), bits: 0 }
    const sha512 = multihashKey(Uint8Array.from([0x13, 0x40, ...new Uint8Array(64)]))
    const identity = multihashKey(Uint8Array.from([0x00, 0x04, 1, 2, 3, 4]))
    const short = multihashKey(Uint8Array.from([0x12, 0x20, 0, 0]))
    const good = sha256Key(new Uint8Array(32))
    expect(keysWithPrefixes([sha512, identity, short, good], [zero])).toEqual([good])
  })

  it('refuses a prefix longer than 32 bits rather than matching wrongly', () => {
    expect(() => keysWithPrefixes([], [{ bytes: new Uint8Array(5), bits: 33 }])).toThrow(RangeError)
  })
})

describe('rootCidOfKey', () => {
  it('names the keyed block as a dag-pb CIDv1 of the same multihash', () => {
    const digest = randomBytes(32)
    const cid = rootCidOfKey(sha256Key(digest))
    expect(cid.version).toBe(1)
    expect(cid.code).toBe(dagPb.code)
    expect([...cid.multihash.digest]).toEqual([...digest])
  })
})
