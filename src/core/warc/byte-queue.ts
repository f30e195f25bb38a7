/**
 * The unread bytes of a stream as a list of zero-copy chunk views. Bytes are copied only to
 * make a short window contiguous (a header block split across chunks).
 */
export class ByteQueue {
  private chunks: Uint8Array[] = []
  private avail = 0
  /** Absolute offset of the first unread byte. */
  offset = 0
  /** The byte just before `offset` (-1 at the start of the stream). */
  prev = -1
  /** No more bytes will arrive. */
  done = false
  /** Set when the source threw (then `done` is set too). */
  failure: { error: unknown } | undefined = undefined

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
        this.done = true
        return false
      }
      if (r.done === true) {
        this.done = true
        return false
      }
      if (r.value.length === 0) continue
      this.chunks.push(r.value)
      this.avail += r.value.length
      return true
    }
    return false
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
    if (this.done) return
    this.done = true
    try {
      await this.source.return?.()
    } catch {
      // the source failing while being released changes nothing for a reader that has stopped
    }
  }
}
