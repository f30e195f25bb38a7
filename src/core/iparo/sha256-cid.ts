import { CID } from 'multiformats/cid'
import { Digest } from 'multiformats/hashes/digest'
import { ByteSlab } from '../byte-slab.ts'

const SHA2_256 = 0x12
const CID_BYTES = 4 + 32
const cids = new ByteSlab(64 * 1024)

/**
 * A CIDv1 with a sha2-256 multihash from a digest already computed, equal to
 * `CID.createV1(codec, Digest.create(0x12, digest))` but built without its copies: multiformats' `Digest`
 * and `CID` read `.buffer` of the byte arrays they keep, and a typed array of 64 bytes or less lives
 * inside the JS heap until something asks for its buffer, which then moves it out (an allocation and a
 * copy, twice per CID; ~2% of an ingest). Here the CID's, multihash's and digest's bytes are views of one
 * off-heap slab shared by ~1,800 CIDs, so that read is free.
 */
export function sha256Cid (codec: number, digest: Uint8Array): CID {
  // one varint byte: raw (0x55), dag-pb (0x70) and dag-cbor (0x71) all are
  if (!Number.isInteger(codec) || codec < 0 || codec > 0x7f) throw new RangeError(`codec 0x${codec.toString(16)} takes more than one varint byte`)
  if (digest.byteLength !== 32) throw new RangeError(`a sha2-256 digest has 32 bytes, not ${digest.byteLength}`)
  const bytes = cids.alloc(CID_BYTES)
  bytes[0] = 1
  bytes[1] = codec
  bytes[2] = SHA2_256
  bytes[3] = 32
  bytes.set(digest, 4)
  return new CID(1, codec, new Digest(SHA2_256, 32, bytes.subarray(4), bytes.subarray(2)), bytes)
}
