import { SourceGap } from '../../warc/index.ts'

/** What a read got: bytes, and the gap or end of the source that stopped it short. */
export interface ReadResult {
  bytes: Uint8Array
  /** the source lost bytes here (a damaged gzip member): what was read before it is cut off */
  gap?: SourceGap
  /** the source ended */
  ended?: boolean
}

const EMPTY = new Uint8Array(0)

function joined (parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0] ?? EMPTY
  const out = new Uint8Array(length)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.byteLength
  }
  return out
}

/**
 * An ARC stream read by lines and by lengths, counting the bytes it consumed (`offset`). A `SourceGap`
 * in the source stops the read that meets it, which returns it; the next read starts after it.
 */
export class ArcByteReader {
  /** bytes consumed so far (gaps are zero bytes long) */
  offset = 0
  private chunk: Uint8Array = EMPTY
  private at = 0
  private done = false

  constructor (private readonly source: AsyncIterator<Uint8Array>) {}

  /** Loads the next chunk when the current one is used up: false at the end, a gap when the source lost bytes. */
  private async more (): Promise<boolean | SourceGap> {
    while (this.at >= this.chunk.byteLength) {
      if (this.done) return false
      const r = await this.source.next()
      if (r.done === true) {
        this.done = true
        return false
      }
      this.chunk = r.value
      this.at = 0
      if (r.value instanceof SourceGap) {
        this.chunk = EMPTY
        return r.value
      }
    }
    return true
  }

  /** The bytes up to and including the next `\n`, or at most `max` bytes when no `\n` comes sooner. */
  async line (max: number): Promise<ReadResult> {
    const parts: Uint8Array[] = []
    let length = 0
    for (;;) {
      const more = await this.more()
      if (more !== true) return { bytes: joined(parts, length), ...(more === false ? { ended: true } : { gap: more }) }
      const nl = this.chunk.indexOf(0x0a, this.at)
      const stop = Math.min(nl < 0 ? this.chunk.byteLength : nl + 1, this.at + max - length)
      const part = this.chunk.subarray(this.at, stop)
      parts.push(part)
      length += part.byteLength
      this.offset += part.byteLength
      this.at = stop
      if ((nl >= 0 && stop === nl + 1) || length >= max) return { bytes: joined(parts, length) }
    }
  }

  /** Up to `n` bytes as one array (copied when they span chunks). */
  async read (n: number): Promise<ReadResult> {
    const parts: Uint8Array[] = []
    let length = 0
    while (length < n) {
      const more = await this.more()
      if (more !== true) return { bytes: joined(parts, length), ...(more === false ? { ended: true } : { gap: more }) }
      const part = this.chunk.subarray(this.at, Math.min(this.chunk.byteLength, this.at + n - length))
      parts.push(part)
      length += part.byteLength
      this.offset += part.byteLength
      this.at += part.byteLength
    }
    return { bytes: joined(parts, length) }
  }

  /** `n` bytes as the views the source gave, then what stopped them short (a gap, the end) if anything did. */
  async * stream (n: number): AsyncGenerator<Uint8Array, Omit<ReadResult, 'bytes'>> {
    let left = n
    while (left > 0) {
      const more = await this.more()
      if (more !== true) return more === false ? { ended: true } : { gap: more }
      const part = this.chunk.subarray(this.at, Math.min(this.chunk.byteLength, this.at + left))
      left -= part.byteLength
      this.offset += part.byteLength
      this.at += part.byteLength
      yield part
    }
    return {}
  }
}
