/**
 * What a WARC source yields, among its byte chunks, where it lost bytes it could not read (a damaged
 * gzip member) and then went on: readWarcRecords reports it as an error with `code` and `message`,
 * drops the record it cuts, and reads on after it as after the start of a file.
 *
 * A chunk of no bytes, so a consumer that does not know gaps reads on as if the bytes before and after
 * it were contiguous, and the type of a source stays `AsyncIterable<Uint8Array>`.
 */
export class SourceGap extends Uint8Array {
  // slices of a gap (by a consumer that does not know gaps) are plain empty arrays
  static get [Symbol.species] (): Uint8ArrayConstructor {
    return Uint8Array
  }

  constructor (
    /** the problem code it is reported under */
    readonly code: string,
    /** what was lost, where in the file, and where reading resumed */
    readonly message: string,
    /**
     * The bytes yielded just before the gap that were never verified (the damaged part's own output,
     * passed on before the damage showed): they are dropped with it.
     */
    readonly unverified: number,
    /**
     * Where the loss starts in the file the source reads, when that differs from the reader's offsets
     * (a damaged gzip member's compressed offset): the problem is reported there.
     */
    readonly fileOffset?: number
  ) {
    super(0)
  }
}
