import type { ByteQueue } from './byte-queue.ts'
import { findInnerBoundary } from './boundary.ts'
import { magicAt } from './header-block.ts'

const LF = 0x0a
const W = 0x57
// bytes kept before a candidate: enough for the separator check (`\r\r\n\r\r\n`)
const BEFORE = 8

/**
 * Watches a streamed record's content for the first place where another record might start
 * (a line beginning with `WARC/`), and from there keeps views of the bytes (up to a limit), so
 * that if Content-Length turns out to overrun the record, reading can resume at the real
 * boundary. Costs one indexOf per piece until a candidate shows up.
 */
export class CandidateTracker {
  private tail: Uint8Array = new Uint8Array(0)
  private pieces: Uint8Array[] | undefined = undefined
  private size = 0
  /** More than `limit` bytes followed the candidate: the retained bytes are only a prefix, cut off from what follows. */
  overflowed = false

  constructor (private readonly limit: number) {}

  observe (piece: Uint8Array): void {
    if (this.pieces != null) {
      if (!this.overflowed) this.keep(piece)
      return
    }
    const at = this.candidate(piece)
    if (at !== -1) {
      // stream position of `at` is tail.length + at; keep from BEFORE bytes earlier
      const start = this.tail.length + at - BEFORE
      this.pieces = []
      if (start < this.tail.length) this.keep(this.tail.subarray(Math.max(0, start)))
      this.keep(start <= this.tail.length ? piece : piece.subarray(start - this.tail.length))
      return
    }
    if (piece.length >= BEFORE + 1) this.tail = piece.subarray(piece.length - BEFORE - 1)
    else {
      const joined = new Uint8Array(this.tail.length + piece.length)
      joined.set(this.tail)
      joined.set(piece, this.tail.length)
      this.tail = joined.subarray(Math.max(0, joined.length - BEFORE - 1))
    }
  }

  /**
   * The first valid record boundary in the retained bytes (whose header block may continue in
   * the queue), with those bytes; undefined if there is none.
   */
  async boundary (q: ByteQueue, maxHeaderLength: number): Promise<{ bytes: Uint8Array, at: number } | undefined> {
    if (this.pieces == null) return undefined
    const bytes = new Uint8Array(this.size)
    let at = 0
    for (const p of this.pieces) { bytes.set(p, at); at += p.length }
    // past the limit the retained bytes no longer join up with the queue
    const found = await findInnerBoundary(bytes, this.overflowed ? undefined : q, maxHeaderLength)
    return found == null ? undefined : { bytes, at: found.at }
  }

  private keep (piece: Uint8Array): void {
    const room = this.limit - this.size
    if (piece.length > room) {
      this.overflowed = true
      piece = piece.subarray(0, Math.max(0, room))
    }
    this.pieces?.push(piece)
    this.size += piece.length
  }

  /** Index in `piece` of the first `\nWARC/` candidate (a prefix at the very end counts), or -1. */
  private candidate (piece: Uint8Array): number {
    if (this.tail[this.tail.length - 1] === LF && magicAt(piece, 0) !== 'no') return 0
    let i = 0
    for (;;) {
      i = piece.indexOf(W, i + 1)
      if (i === -1) return -1
      if (piece[i - 1] === LF && magicAt(piece, i) !== 'no') return i
    }
  }
}
