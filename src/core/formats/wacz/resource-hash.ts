import type { DigestAlgorithm, HasherFactory } from '../../iparo/digests.ts'
import type { WaczResource } from './datapackage.ts'

const ALGORITHMS: Record<string, DigestAlgorithm> = { sha256: 'sha256', 'sha-256': 'sha256', md5: 'md5', sha1: 'sha1', sha512: 'sha512' }

const hex = (bytes: Uint8Array): string => Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('')

/** What hashing a member found: it matches, it does not (with the message to report), or it could not be checked. */
export type HashCheck =
  | { kind: 'match' }
  | { kind: 'mismatch', message: string }
  | { kind: 'unchecked', message: string }

/** Hashes a member's bytes (as it is stored in the WACZ, before any gunzip) and compares with what the datapackage lists. */
export async function checkResourceHash (resource: WaczResource | undefined, bytes: AsyncIterable<Uint8Array>, hashers: HasherFactory): Promise<HashCheck> {
  if (resource == null) return { kind: 'unchecked', message: 'not listed in datapackage.json: its bytes are not checked' }
  const expected = resource.hash
  if (expected == null) return { kind: 'unchecked', message: 'datapackage.json gives no hash for it: its bytes are not checked' }
  const algorithm = ALGORITHMS[expected.algorithm]
  const hasher = algorithm == null ? undefined : hashers(algorithm)
  if (hasher == null) return { kind: 'unchecked', message: `its hash is ${expected.algorithm}, which cannot be computed here: its bytes are not checked` }
  let length = 0
  for await (const chunk of bytes) {
    hasher.update(chunk)
    length += chunk.byteLength
  }
  const actual = hex(hasher.digest())
  if (actual === expected.hex) return { kind: 'match' }
  const sizes = resource.bytes != null && resource.bytes !== length ? ` (${length} bytes where datapackage.json lists ${resource.bytes})` : ''
  return { kind: 'mismatch', message: `its ${expected.algorithm} is ${actual}, datapackage.json lists ${expected.hex}${sizes}: it was changed or damaged` }
}
