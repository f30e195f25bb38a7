import type { WarcHeaders } from './warc-headers.ts'

/**
 * Something wrong in the input. Warnings describe a record that was read anyway (they are
 * found in its `end.problems`); errors mean bytes were skipped and are yielded as events.
 *
 * Codes: `length-recovered` (warning: Content-Length wrong, the real end was found),
 * `length-invalid` (warning: Content-Length missing, negative or not a number; the end was found
 * by scanning), `bad-header-line` (warning: header lines without a colon were ignored),
 * `garbage` (error: bytes between records that are not a record), `bad-header` (error: a
 * `WARC/` line whose header block does not parse), `truncated` (error: the input ends inside a
 * record), `overrun` (error: a streamed record's Content-Length runs into the next record),
 * `source-failed` (error: the source threw; always the last event), and the code of a `SourceGap`
 * the source yielded (error: bytes it lost, then went on; `gzip-damaged` from the Node edge's file
 * reader, whose message gives the damaged member's file offset and where reading resumed).
 */
export interface WarcProblem {
  kind: 'problem'
  severity: 'warning' | 'error'
  code: string
  /** Offset in the decompressed stream where the problem starts (the record's offset for record problems). */
  offset: number
  /**
   * Where the problem starts in the file itself, when the source said so (a `SourceGap`'s
   * `fileOffset`: a damaged gzip member's compressed offset); else the file offset is `offset`, for
   * a plain file, or is found from it by the edge that knows the file's compression.
   */
  fileOffset?: number
  message: string
  recordId?: string
  targetUri?: string
  /** For `source-failed`: what the source threw. */
  cause?: unknown
}

export interface RecordEnd {
  /** The real content length: the bytes `body` yielded. */
  length: number
  /** This record's problems: warnings, plus the error when `ok` is false. */
  problems: WarcProblem[]
  /**
   * False when a streamed record turned out broken after its bytes were yielded (truncated,
   * overrunning into the next record, source failure): discard what was stored from `body`.
   * The same error is also yielded as an event after the record. Always true for buffered records.
   */
  ok: boolean
}

export interface WarcRecord {
  kind: 'record'
  /** Offset of the record's first byte (`WARC/`) in the decompressed stream. */
  offset: number
  /** The first line as written: `WARC/1.0`, `WARC/0.17`, `WARC/1.1`. */
  version: string
  headers: WarcHeaders
  /** Bytes of the header block, version line through the blank line. */
  headerLength: number
  /** Content-Length as declared: NaN when missing or not an integer, negative values as written. */
  declaredLength: number
  /**
   * The whole content when the record is small (≤ bufferLimit): then `end` has already settled.
   * May be a view into a larger source chunk; copy it (`slice()`) to keep it long.
   */
  content?: Uint8Array
  /**
   * The content, streamed (yields `content` once when buffered). Read it, or `return()` it (which
   * skips the rest), before pulling the next event; if the next event is pulled first, the reader
   * skips the rest itself, after which `body` yields nothing more. Iterate it once at a time.
   */
  body: AsyncIterable<Uint8Array>
  /**
   * Settles once the content has been read to its end (by the consumer, by `body.return()`, or by
   * the reader when the next event is pulled). Never rejects. Awaiting it while `body` is
   * neither finished nor returned, without pulling the next event, waits forever.
   */
  end: Promise<RecordEnd>
}

export type WarcEvent = WarcRecord | WarcProblem

export interface ReadWarcOptions {
  /** Records up to this size are buffered and yielded with `content` (default 4 MiB). */
  bufferLimit?: number
  /**
   * For streamed records, how many bytes after a possible inner record boundary are kept to
   * resynchronise there if Content-Length turns out to overrun (default 16 MiB).
   */
  resyncLimit?: number
  /** Header blocks longer than this are not header blocks (default 256 KiB). */
  maxHeaderLength?: number
}
