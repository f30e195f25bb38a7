import type { CID } from 'multiformats/cid'
import { base32Encode } from './base32-encode.ts'

/**
 * `cid.toString()` without its cache: CID.toString keeps a per-CID Map in a module-wide WeakMap, and
 * ingest turns each of its ~5 fresh CIDs per record into a string once, so the cache is pure cost
 * (a WeakMap entry the garbage collector must trace as an ephemeron). Same string: a v1 CID's default
 * form is its bytes in multibase base32 (`b` prefix).
 */
export function cidString (cid: CID): string {
  return cid.version === 0 ? cid.toString() : `b${base32Encode(cid.bytes)}`
}
