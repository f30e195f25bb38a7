import type { Datetime } from '../datetime.ts'

/**
 * A link from one IPARO's header to an earlier-appended version of the same URL. It carries the
 * target's datetime and seq so a reader can reason about the target without fetching it.
 */
export interface VersionLink {
  cid: string
  datetime: Datetime
  seq: number
  /** 'prev' | 'first' | 'skip' | 'see-also'; readers treat unknown roles like 'skip'. */
  role: string
}

/** The header fields the version chain reads and writes (the rest of the IPARO is opaque here). */
export interface VersionHeader {
  /** This IPARO's CID, known to the reader from how it fetched it. */
  cid: string
  datetime: Datetime
  /** 0 for the first version appended to the URL's chain, head.seq + 1 for each append. */
  seq: number
  /** Links to earlier-appended versions only (seq < this seq); anything else is ignored as invalid. */
  links: VersionLink[]
  /** The linking policy's summary (see chain-summary.ts); opaque to the IPARO format. */
  chain?: unknown
}

/** One version of a URL as listings and lookups return it. */
export interface MementoRef {
  cid: string
  datetime: Datetime
  seq: number
}

export const ROLE_PREV = 'prev'
export const ROLE_FIRST = 'first'
export const ROLE_SKIP = 'skip'
export const ROLE_SEE_ALSO = 'see-also'
