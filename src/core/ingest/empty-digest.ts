import { equals } from 'uint8arrays/equals'
import { parseDeclaredDigest, type HasherFactory } from '../iparo/digests.ts'

/**
 * Whether a declared payload digest is the digest of zero bytes (`sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ`,
 * or the same in hex, sha256, …), in any algorithm the edge can compute: such a payload is known
 * without reading it.
 */
export function isEmptyPayloadDigest (declared: string | undefined, hashers: HasherFactory): boolean {
  const parsed = parseDeclaredDigest(declared)
  if (parsed == null) return false
  const empty = hashers(parsed.algorithm)?.digest()
  return empty != null && equals(empty, parsed.bytes)
}
