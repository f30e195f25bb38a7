import { randomBytes } from 'node:crypto'
import { sha256 as reference256, sha512 as reference512 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { sha256, sha512 } from './node-sha2.ts'

describe('node-sha2', () => {
  it('gives the multihash digests of multiformats, at every length around the block sizes', async () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 1000, 262_144, 262_145]) {
      const bytes = randomBytes(length)
      expect((await sha256.digest(bytes)).bytes).toEqual((await reference256.digest(bytes)).bytes)
      expect((await sha512.digest(bytes)).bytes).toEqual((await reference512.digest(bytes)).bytes)
    }
  })

  it('keeps multiformats\' names and codes, and digests synchronously as its Node version does', () => {
    expect([sha256.name, sha256.code, sha512.name, sha512.code]).toEqual([reference256.name, reference256.code, reference512.name, reference512.code])
    const digest = sha256.digest(new Uint8Array([1, 2, 3]))
    expect(digest).not.toBeInstanceOf(Promise)
  })
})
