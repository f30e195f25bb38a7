import { hash } from 'node:crypto'
import { from } from 'multiformats/hashes/hasher'

/**
 * multiformats' sha2-256 and sha2-512 for Node, with `crypto.hash` (one call, no Hash object) instead of
 * createHash().update().digest(): the CLI's bundle puts this module in place of `multiformats/hashes/sha2`
 * (bin/iparo.js), so the core's IPARO roots, header records and small blocks and ipfs-unixfs-importer's
 * leaves hash through it. An ingest makes ~6 such digests per record; this takes ~2% of its main
 * thread's time off (bench/README.md). The digests are the same bytes, so every CID is the same.
 */
function oneShot (algorithm: string): (input: Uint8Array) => Uint8Array<ArrayBuffer> {
  return (input) => {
    const digest = hash(algorithm, input, 'buffer')
    return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength)
  }
}

/**
 * sha2-256 of bytes, synchronously, as the hasher below computes it: also what namespace grinding
 * tries once per nonce (src/node/namespace/), where an await per try would cost more than the hash.
 */
export const sha256Digest = oneShot('sha256')
export const sha256 = from({ name: 'sha2-256', code: 0x12, encode: sha256Digest })
export const sha512 = from({ name: 'sha2-512', code: 0x13, encode: oneShot('sha512') })
