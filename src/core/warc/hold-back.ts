import { endsWithSeparator, trailingSeparatorLength } from './boundary.ts'

const LF = 0x0a
const CR = 0x0d
// a record separator is at most `\r\n\r\n`
const KEEP = 4

/**
 * Passes content pieces through while keeping back trailing line endings (at most 4 bytes),
 * because when a record's end has to be found by scanning, the separator before the next
 * record is not content, and it may already have arrived in an earlier piece.
 */
export class HoldBack {
  private held: Uint8Array = new Uint8Array(0)

  /** The pieces to pass on for `piece`, keeping back its trailing line endings. */
  push (piece: Uint8Array): Uint8Array[] {
    if (piece.length === 0) return []
    let run = 0
    while (run < KEEP && run < piece.length) {
      const b = piece[piece.length - 1 - run]
      if (b !== CR && b !== LF) break
      run++
    }
    if (run < piece.length) {
      const out = this.held.length > 0 ? [this.held, piece.subarray(0, piece.length - run)] : [piece.subarray(0, piece.length - run)]
      this.held = piece.subarray(piece.length - run)
      return out
    }
    // the piece is all line endings: join it to what is held, keep the last 4
    const joined = new Uint8Array(this.held.length + piece.length)
    joined.set(this.held)
    joined.set(piece, this.held.length)
    const cut = Math.max(0, joined.length - KEEP)
    this.held = joined.subarray(cut)
    return cut > 0 ? [joined.subarray(0, cut)] : []
  }

  /** Whether what is held ends the content with a blank line. */
  endsWithSeparator (): boolean {
    return endsWithSeparator(this.held)
  }

  /** The held bytes to pass on at the end, less one record separator if `stripSeparator`. */
  finish (stripSeparator: boolean): Uint8Array[] {
    const held = this.held
    this.held = new Uint8Array(0)
    const keep = stripSeparator ? held.length - trailingSeparatorLength(held) : held.length
    return keep > 0 ? [held.subarray(0, keep)] : []
  }
}
