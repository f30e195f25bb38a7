import type { NamespacePrefix } from '../../core/namespace/namespace-prefix.ts'

/**
 * One chunk of a grind: nonces `from` to `from + count - 1` tried on `root` (a structured-clone copy:
 * the worker writes nonces into it in place, as the core's grindNonce does).
 */
export interface GrindChunk {
  job: number
  root: Uint8Array
  nonceAt: number
  prefix: NamespacePrefix
  from: number
  count: number
}

/** A chunk's outcome: the smallest matching nonce in it, or null; `hashes` is the tries it took. */
export interface GrindChunkDone {
  job: number
  from: number
  nonce: number | null
  hashes: number
}
