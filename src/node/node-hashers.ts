import { createHash } from 'node:crypto'
import type { HasherFactory } from '../core/iparo/digests.ts'

/** Streaming digests from node:crypto (OpenSSL, hardware SHA where the CPU has it). */
export const nodeHashers: HasherFactory = (algorithm) => {
  const hash = createHash(algorithm)
  return {
    update: (bytes) => { hash.update(bytes) },
    // a view of the digest's own off-heap buffer: a 32-byte copy would live in the JS heap, and the CID
    // made from it would have to move it out again (sha256-cid.ts)
    digest: () => {
      const bytes = hash.digest()
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    }
  }
}
