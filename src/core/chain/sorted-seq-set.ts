const CHUNK = 256

/**
 * A sorted set of integers in chunks, so inserts and deletes anywhere cost O(√n) rather than
 * O(n): walking a 100k-version chain inserts one seq at a time at arbitrary positions.
 */
export class SortedSeqSet {
  private chunks: number[][] = []
  private count = 0

  get size (): number {
    return this.count
  }

  /** Index of the first chunk whose last element is ≥ x (chunks.length if none). */
  private chunkFor (x: number): number {
    let lo = 0
    let hi = this.chunks.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const c = this.chunks[mid] as number[]
      if ((c[c.length - 1] as number) < x) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  has (x: number): boolean {
    const c = this.chunks[this.chunkFor(x)]
    return c !== undefined && c[lowerBound(c, x)] === x
  }

  insert (x: number): boolean {
    if (this.chunks.length === 0) {
      this.chunks.push([x])
      this.count++
      return true
    }
    let ci = this.chunkFor(x)
    if (ci === this.chunks.length) ci--
    const c = this.chunks[ci] as number[]
    const i = lowerBound(c, x)
    if (c[i] === x) return false
    c.splice(i, 0, x)
    this.count++
    if (c.length > 2 * CHUNK) this.chunks.splice(ci + 1, 0, c.splice(CHUNK))
    return true
  }

  delete (x: number): boolean {
    const ci = this.chunkFor(x)
    const c = this.chunks[ci]
    if (c === undefined) return false
    const i = lowerBound(c, x)
    if (c[i] !== x) return false
    c.splice(i, 1)
    this.count--
    if (c.length === 0) this.chunks.splice(ci, 1)
    return true
  }

  /** Smallest element > x. */
  successor (x: number): number | undefined {
    const ci = this.chunkFor(x + 1)
    const c = this.chunks[ci]
    if (c === undefined) return undefined
    return c[lowerBound(c, x + 1)]
  }

  /** Largest element < x. */
  predecessor (x: number): number | undefined {
    let ci = this.chunkFor(x)
    if (ci === this.chunks.length) ci--
    while (ci >= 0) {
      const c = this.chunks[ci] as number[]
      const i = lowerBound(c, x) - 1
      if (i >= 0) return c[i]
      ci--
    }
    return undefined
  }

  min (): number | undefined {
    return this.chunks[0]?.[0]
  }

  max (): number | undefined {
    const c = this.chunks[this.chunks.length - 1]
    return c?.[c.length - 1]
  }

  /** Elements in [from, to], ascending. The set must not change while iterating. */
  * range (from: number, to: number): Generator<number> {
    const first = this.chunkFor(from)
    for (let ci = first; ci < this.chunks.length; ci++) {
      const c = this.chunks[ci] as number[]
      for (let i = ci === first ? lowerBound(c, from) : 0; i < c.length; i++) {
        const v = c[i] as number
        if (v > to) return
        yield v
      }
    }
  }
}

function lowerBound (a: number[], x: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((a[mid] as number) < x) lo = mid + 1
    else hi = mid
  }
  return lo
}
