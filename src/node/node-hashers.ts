import { createHash } from 'node:crypto'
import type { HasherFactory } from '../core/iparo/digests.ts'

/** Streaming digests from node:crypto (OpenSSL, hardware SHA where the CPU has it). */
export const nodeHashers: HasherFactory = (algorithm) => {
  const hash = createHash(algorithm)
  return {
    update: (bytes) => { hash.update(bytes) },
    digest: () => new Uint8Array(hash.digest())
  }
}
