import { CID } from 'multiformats/cid'
import * as dagCbor from '@ipld/dag-cbor'
import * as dagPb from '@ipld/dag-pb'
import * as raw from 'multiformats/codecs/raw'
import * as Digest from 'multiformats/hashes/digest'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { sha256Cid } from './sha256-cid.ts'

describe('sha256Cid', () => {
  it('equals multiformats\' CID for every codec it takes, across slab boundaries, and each keeps its own bytes', async () => {
    const made: Array<[CID, CID]> = []
    for (let i = 0; i < 4000; i++) {
      const codec = [raw.code, dagPb.code, dagCbor.code][i % 3] ?? raw.code
      const digest = (await sha256.digest(new TextEncoder().encode(`block ${i}`))).digest
      made.push([sha256Cid(codec, digest), CID.createV1(codec, Digest.create(sha256.code, digest))])
    }
    for (const [ours, theirs] of made) {
      expect(ours.equals(theirs)).toBe(true)
      expect(ours.toString()).toBe(theirs.toString())
      expect(ours.multihash.bytes).toEqual(theirs.multihash.bytes)
      expect(ours.multihash.digest).toEqual(theirs.multihash.digest)
      expect(CID.decode(ours.bytes).equals(theirs)).toBe(true)
    }
  })

  it('refuses codecs past one varint byte and digests of the wrong length', () => {
    expect(() => sha256Cid(0x0129, new Uint8Array(32))).toThrow(RangeError)
    expect(() => sha256Cid(raw.code, new Uint8Array(20))).toThrow(RangeError)
  })
})
