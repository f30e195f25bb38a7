import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import * as Digest from 'multiformats/hashes/digest'

/**
 * The i-th block of a synthetic store: 16 bytes, under a sha2-256 CID whose digest is pseudo-random
 * (splitmix64 of i; the store never checks digests), so millions are made without hashing.
 */
export function scaleBlock (i: number): { cid: CID, bytes: Uint8Array } {
  const digest = new Uint8Array(32)
  const view = new DataView(digest.buffer)
  let x = BigInt(i) * 0x9e3779b97f4a7c15n
  for (let w = 0; w < 4; w++) {
    x = (x + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn
    let z = x
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn
    view.setBigUint64(w * 8, z ^ (z >> 31n))
  }
  const bytes = new Uint8Array(16)
  new DataView(bytes.buffer).setFloat64(0, i)
  return { cid: CID.createV1(raw.code, Digest.create(0x12, digest)), bytes }
}
