import type { Datetime } from '../datetime.ts'
import type { HasherFactory } from '../iparo/digests.ts'
import type { BlockSink, ImportedPiece } from '../iparo/kubo-import.ts'
import type { WarcHeaders } from '../warc/index.ts'
import type { CarriedHeader } from './carried-header.ts'

/** Where a problem was found: every warning and error names its file and record offset. */
export interface ProblemReport {
  file: string
  offset: number
  code: string
  message: string
  recordId?: string
  uri?: string
}

/** What turning one WARC's records into captures needs: where they come from, where pieces go. */
export interface CaptureContext {
  file: string
  sink: BlockSink
  hashers: HasherFactory
  keepSecrets: boolean
  /** an IPARO header record just read (an export's), for the memento record that follows it */
  carried?: CarriedHeader
}

/** A stored piece that is not yet part of an IPARO. */
export type StoredPiece = ImportedPiece

/** A request record, stored as one piece (WARC head, content, separator), waiting for its response. */
export interface RequestCapture {
  /** the WARC it was read from: record IDs are unique only within a file, so pairing stays inside it */
  file: string
  id?: string
  concurrentTo: string[]
  uri: string
  date: string
  /** the request line's method when it is an HTTP method (else GET, with a warning) */
  method?: string
  /** the canonical body (src/core/request-key.ts) of a request that is not a GET */
  body?: string
  piece: StoredPiece
  redacted: string[]
}

/**
 * One memento on its way to becoming an IPARO: its pieces are stored, its root is not (the root holds
 * the version links, which are chosen per URL once a batch's captures are sorted).
 */
export interface Capture {
  file: string
  offset: number
  uri: string
  /** canonical URL key (SURT) */
  key: string
  datetime: Datetime
  warc: {
    version: string
    date: string
    id?: string
    type: 'response' | 'resource' | 'revisit'
    concurrentTo: string[]
    /** the source record's WARC headers; Content-Length and digests are rewritten when the IPARO is built */
    headers: WarcHeaders
  }
  /** the (redacted) HTTP response head as stored; absent for resource records and head-less revisits */
  http?: { status: number, head: Uint8Array }
  mime?: string
  title?: string
  payload?: StoredPiece
  /**
   * The response record's head piece (responseHead), stored ahead when nothing can change it any more
   * (not a revisit: those are completed from their original later); else built with the root.
   */
  head?: StoredPiece
  digests: {
    computed?: string
    declared?: string
    declaredMatches?: boolean
    /** the payload's digest in the declared algorithm, as computed here (for revisit lookup) */
    actual?: string
  }
  revisit?: {
    profile?: string
    refersTo?: string
    refersToUri?: string
    refersToDate?: string
    /** the IPARO whose payload is shared, once found */
    original?: string
    /**
     * Replayable without its original: its own HTTP head (not a 304) and a declared payload digest that
     * is the digest of zero bytes (an empty-bodied redirect re-crawled), so the payload is known.
     * A revisit that found its original is told by its payload.
     */
    resolved: boolean
  }
  redacted: string[]
  warnings: string[]
  /** true when the record's bytes differ from the source (redaction, repaired length): block digest dropped */
  modified: boolean
  /** what a converted source's HTTP messages were given (its record's `WARC-IPARO-Reconstructed`), if anything */
  reconstructed?: string[]
  request?: RequestCapture
  /** the IPARO header written before this record by an export, applied once the capture is complete */
  carried?: CarriedHeader
}
