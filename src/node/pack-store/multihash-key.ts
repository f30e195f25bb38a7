import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import * as Digest from 'multiformats/hashes/digest'

/**
 * Blocks are keyed by multihash, as IPFS stores them (and blockstore-fs did): a raw and a dag-pb block
 * of equal bytes are one entry, under the key every store here uses (core/blocks.ts): one char code a byte.
 */
export { multihashKey } from '../../core/blocks.ts'

/** The multihash inside encoded CID bytes (v0 is a bare sha2-256 multihash; v1 is version, codec, multihash). */
export function multihashOfCidBytes (cid: Uint8Array): Uint8Array {
  if (cid.byteLength === 34 && cid[0] === 0x12 && cid[1] === 0x20) return cid
  let at = skipVarint(cid, 0)
  at = skipVarint(cid, at)
  return cid.subarray(at)
}

function skipVarint (bytes: Uint8Array, at: number): number {
  while (at < bytes.byteLength && ((bytes[at] ?? 0) & 0x80) !== 0) at++
  return at + 1
}

/** A key back as the multihash it was made of. */
export function multihashOfKey (key: string): Digest.Digest<number, number> {
  return Digest.decode(new Uint8Array(Buffer.from(key, 'latin1')))
}

/** A key back as the raw CID of its multihash (what listings yield: the codec is not part of the key). */
export function cidOfKey (key: string): CID {
  return CID.createV1(raw.code, multihashOfKey(key))
}
