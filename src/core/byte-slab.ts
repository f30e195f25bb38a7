/**
 * Small byte arrays carved out of shared buffers (256 KiB by default). Each `new Uint8Array(n)` of a few
 * hundred bytes is an ArrayBuffer of its own, off the JS heap, that V8 allocates, registers and later
 * sweeps one by one; one of 64 bytes or less lives inside the heap until something reads its `.buffer`,
 * which then moves it out. Ingest keeps such arrays per record (HTTP heads, CIDs). A slab is freed once
 * none of its arrays is referenced, so it suits arrays that live about as long as their neighbours.
 */
export class ByteSlab {
  private slab = new Uint8Array(0)
  private used = 0

  constructor (private readonly slabBytes = 256 * 1024, private readonly maxCopy = 4096) {}

  /** `n` zeroed bytes of their own (a region is never handed out twice; larger ones get their own buffer). */
  alloc (n: number): Uint8Array {
    if (n > this.maxCopy) return new Uint8Array(n)
    if (this.used + n > this.slab.byteLength) {
      this.slab = new Uint8Array(this.slabBytes)
      this.used = 0
    }
    const out = this.slab.subarray(this.used, this.used + n)
    this.used += n
    return out
  }

  /**
   * A copy of `bytes` that shares no memory with them. Not `bytes.slice()`: on a Node Buffer (what the
   * edges hand in) that is a view, which would keep the whole inflated chunk it came from alive.
   */
  copy (bytes: Uint8Array): Uint8Array {
    const out = this.alloc(bytes.byteLength)
    out.set(bytes)
    return out
  }
}
