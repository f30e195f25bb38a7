import type { BlockGetter } from '../blocks.ts'
import type { VersionHeader } from './version-header.ts'

export interface FetchOptions {
  signal?: AbortSignal
}

/**
 * Where headers come from. `header` throws (BlockNotFoundError or any error) when the IPARO is
 * unreachable; readers treat every throw as "unreachable" and route around it.
 */
export interface HeaderSource {
  header (cid: string, options?: FetchOptions): Promise<VersionHeader>
}

/** A header source that can also read the chain's extra objects (TimeMap segments, dag-cbor). */
export interface ChainSource extends HeaderSource {
  /** Without it, segments are ignored: listings then walk headers, lookups are unaffected. */
  readonly blocks?: BlockGetter
}
