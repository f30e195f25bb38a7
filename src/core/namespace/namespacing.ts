import { IparoError } from '../errors.ts'
import { grindNonce, type SyncHash } from './grind-nonce.ts'
import type { NamespaceLayout } from './namespace-layout.ts'
import type { NamespacePrefix } from './namespace-prefix.ts'

/**
 * Finds the nonce that puts a root block into its namespace: `root` holds zeros at `nonceAt`; the
 * result is the root's bytes with the smallest matching nonce written there (the same IPARO always
 * gets the same CID, whoever grinds it). Node grinds on worker threads (src/node/namespace/).
 */
export type NonceGrinder = (root: Uint8Array, nonceAt: number, prefix: NamespacePrefix) => Promise<Uint8Array>

/** What an ingest into a namespaced archive builds its IPAROs with. */
export interface Namespacing {
  layout: NamespaceLayout
  grind: NonceGrinder
}

export class NamespaceGrindError extends IparoError {
  override name = 'NamespaceGrindError'
}

/** Tries per step of the inline grinder: an abort is noticed within a few milliseconds. */
const STEP = 1 << 12

/** A grinder on the calling thread, for small bit counts and for runtimes without workers. */
export function inlineGrinder (hash: SyncHash, signal?: AbortSignal): NonceGrinder {
  return async (root, nonceAt, prefix) => {
    const bytes = root.slice()
    for (let from = 0; from < Number.MAX_SAFE_INTEGER; from += STEP) {
      if (signal?.aborted === true) throw new NamespaceGrindError('grinding was cancelled', { cause: signal.reason })
      if (grindNonce(bytes, nonceAt, prefix, hash, from, STEP) !== undefined) return bytes
      // lets the event loop run (an abort, progress) between steps
      if ((from / STEP) % 16 === 15) await new Promise(resolve => setTimeout(resolve, 0))
    }
    throw new NamespaceGrindError('no nonce matched')
  }
}
