/**
 * Copies of small byte arrays packed into shared 256 KiB buffers. Each `new Uint8Array(bytes)` of a few
 * hundred bytes is an ArrayBuffer of its own, off the JS heap, that V8 allocates, registers and later
 * sweeps one by one; ingest keeps one such copy per record (its HTTP head). A slab is freed once none
 * of its copies is referenced, so it suits copies that live about as long as their neighbours.
 */
export class ByteSlab {
  private slab = new Uint8Array(0)
  private used = 0

  constructor (private readonly slabBytes = 256 * 1024, private readonly maxCopy = 4096) {}

  /**
   * A copy of `bytes` that shares no memory with them (larger ones get a buffer of their own). Not
   * `bytes.slice()`: on a Node Buffer (what the edges hand in) that is a view, which would keep the whole
   * inflated chunk it came from alive.
   */
  copy (bytes: Uint8Array): Uint8Array {
    if (bytes.byteLength > this.maxCopy) return new Uint8Array(bytes)
    if (this.used + bytes.byteLength > this.slab.byteLength) {
      this.slab = new Uint8Array(this.slabBytes)
      this.used = 0
    }
    const out = this.slab.subarray(this.used, this.used + bytes.byteLength)
    out.set(bytes)
    this.used += bytes.byteLength
    return out
  }
}
