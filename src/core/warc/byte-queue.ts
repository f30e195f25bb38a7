import { SourceGap } from './source-gap.ts'

/**
 * The unread bytes of a stream as a list of zero-copy chunk views. Bytes are copied only to
 * make a short window contiguous (a header block split across chunks).
 *
 * A `SourceGap` from the source stops the queue as a failure would (`done`, `failure`), after
 * dropping the unverified bytes before it; `resume()` then reads on after it.
 */
export class ByteQueue {
  private chunks: Uint8Array[] = []
  private avail = 0
  /**
   * Absolute offset of the first unread byte: the count of bytes the source yielded before it, those
   * a gap dropped included (counted on `resume()`), so that an edge can map offsets to its file.
   */
  offset = 0
  /** The byte just before `offset` (-1 at the start of the stream). */
  prev = -1
  /** No more bytes will arrive. */
  done = false
  /** Set when the source threw or yielded a gap (then `done` is set too). */
  failure: { error: unknown } | undefined = undefined
  /**
   * Set when a gap's unverified bytes had partly been consumed already: the record being read holds
   * some, so reaching the gap right at its declared end does not confirm it.
   */
  tainted = false
  /** The source has ended, thrown or been released: nothing can follow. */
  private ended = false
  /** bytes a gap dropped unread: skipped over on `resume()` */
  private dropped = 0

  constructor (private readonly source: AsyncIterator<Uint8Array>) {}

  get available (): number {
    return this.avail
  }

  /** Reads one more chunk from the source; false at the end (or failure). */
  async pull (): Promise<boolean> {
    while (!this.done) {
      let r: IteratorResult<Uint8Array>
      try {
        r = await this.source.next()
      } catch (error) {
        this.failure = { error }
        this.done = this.ended = true
        return false
      }
      if (r.done === true) {
        this.done = this.ended = true
        return false
      }
      if (r.value.length === 0) {
        if (r.value instanceof SourceGap) {
          this.stopAt(r.value)
          return false
        }
        continue
      }
      this.chunks.push(r.value)
      this.avail += r.value.length
      return true
    }
    return false
  }

  /** Stops at a gap, without the unverified bytes just before it (those still buffered). */
  private stopAt (gap: SourceGap): void {
    this.failure = { error: gap }
    this.done = true
    let drop = gap.unverified
    if (drop > this.avail) {
      this.tainted = true
      drop = this.avail
    }
    this.dropped = drop
    this.avail -= drop
    while (drop > 0) {
      const last = this.chunks.pop()
      if (last == null) break
      if (last.length > drop) this.chunks.push(last.subarray(0, last.length - drop))
      drop -= Math.min(drop, last.length)
    }
  }

  /**
   * After a gap, reads on from the bytes that follow it, as from the start of a stream (a line start);
   * false when the queue did not stop at a gap.
   */
  resume (): boolean {
    if (!(this.failure?.error instanceof SourceGap) || this.ended) return false
    // what is left before the gap belongs to the record it cut
    this.consume(this.avail)
    this.offset += this.dropped
    this.dropped = 0
    this.failure = undefined
    this.done = this.tainted = false
    this.prev = 0x0a
    return true
  }

  /** Pulls until at least n bytes are available; false if the stream ends first. */
  async ensure (n: number): Promise<boolean> {
    while (this.avail < n) {
      if (!await this.pull()) return false
    }
    return true
  }

  /** The first chunk view, or undefined when nothing is buffered. */
  front (): Uint8Array | undefined {
    return this.chunks[0]
  }

  /**
   * A view starting at the first unread byte with at least min(n, available) bytes, merging
   * chunks (copying exactly that prefix) when the first one is shorter.
   */
  contiguous (n: number): Uint8Array {
    const want = Math.min(n, this.avail)
    const first = this.chunks[0]
    if (first == null) return new Uint8Array(0)
    if (first.length >= want) return first
    const merged = new Uint8Array(want)
    let at = 0
    let used = 0
    while (at < want) {
      const c = this.chunks[used]
      if (c == null) break
      const n2 = Math.min(c.length, want - at)
      merged.set(n2 === c.length ? c : c.subarray(0, n2), at)
      at += n2
      if (n2 === c.length) used++
      else {
        this.chunks[used] = c.subarray(n2)
        break
      }
    }
    this.chunks.splice(0, used, merged)
    return merged
  }

  /** Waits for up to n bytes and returns them contiguous (fewer at the end of the stream). */
  async peek (n: number): Promise<Uint8Array> {
    await this.ensure(n)
    const c = this.contiguous(n)
    return c.length > n ? c.subarray(0, n) : c
  }

  /** Consumes and returns up to max bytes from the first chunk, without copying. */
  take (max: number): Uint8Array {
    const c = this.chunks[0]
    if (c == null || max <= 0) return new Uint8Array(0)
    let out: Uint8Array
    if (c.length <= max) {
      this.chunks.shift()
      out = c
    } else {
      out = c.subarray(0, max)
      this.chunks[0] = c.subarray(max)
    }
    this.avail -= out.length
    this.offset += out.length
    this.prev = out[out.length - 1] ?? this.prev
    return out
  }

  /** Consumes n buffered bytes (n ≤ available). */
  consume (n: number): void {
    while (n > 0) {
      const taken = this.take(n)
      if (taken.length === 0) break
      n -= taken.length
    }
  }

  /** Puts bytes back in front of the unread ones; `prev` is the byte that preceded them. */
  unshift (bytes: Uint8Array, prev: number): void {
    if (bytes.length === 0) return
    this.chunks.unshift(bytes)
    this.avail += bytes.length
    this.offset -= bytes.length
    this.prev = prev
  }

  /** Releases the source early (the consumer stopped reading). */
  async close (): Promise<void> {
    if (this.ended) return
    this.done = this.ended = true
    try {
      await this.source.return?.()
    } catch {
      // the source failing while being released changes nothing for a reader that has stopped
    }
  }
}
