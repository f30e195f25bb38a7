/** A place where the synthesized WARC stream and the ARC stream line up. */
interface Point {
  warc: number
  arc: number
  /** whether the bytes from here on are the same in both (a record's content), or a head of different length */
  same: boolean
}

/**
 * Where an offset of the WARC stream an ARC was turned into lies in the ARC stream, for the offsets a
 * report names. A point is kept where every record and its content start; points before what the
 * consumer has passed are forgotten (`passed`), so a file of millions of records costs only those
 * the converter is ahead by.
 */
export class ArcOffsets {
  private points: Point[] = []
  private first = 0
  /** where the bytes that were no record start, by the WARC offset of the gap that reports them (the next record's) */
  private readonly garbage = new Map<number, number>()

  /** The WARC stream's byte `warc` is the ARC stream's byte `arc`. */
  mark (warc: number, arc: number, same: boolean): void {
    this.points.push({ warc, arc, same })
  }

  /** The `arc-garbage` gap at WARC offset `warc` reports bytes from ARC offset `arc` on. */
  markGarbage (warc: number, arc: number): void {
    this.garbage.set(warc, arc)
  }

  /** Where the bytes an `arc-garbage` gap at `warc` reports start in the ARC stream. */
  garbageAt (warc: number): number {
    return this.garbage.get(warc) ?? this.toArc(warc)
  }

  /** The ARC offset of a WARC offset: the same byte inside a record's content, else where its ARC header line starts. */
  toArc (warc: number): number {
    const p = this.before(warc, q => q.warc)
    if (p == null) return warc
    return p.same ? p.arc + (warc - p.warc) : p.arc
  }

  /** The WARC offset of an ARC offset (the inverse of `toArc` inside contents). */
  toWarc (arc: number): number {
    const p = this.before(arc, q => q.arc)
    if (p == null) return arc
    return p.same ? p.warc + (arc - p.arc) : p.warc
  }

  /** The consumer is past `warc`: the points before the one that holds it are not needed any more. */
  passed (warc: number): void {
    for (const at of this.garbage.keys()) if (at < warc) this.garbage.delete(at)
    while (this.first + 1 < this.points.length && (this.points[this.first + 1]?.warc ?? Infinity) <= warc) this.first++
    if (this.first > 1024 && this.first * 2 > this.points.length) {
      this.points = this.points.slice(this.first)
      this.first = 0
    }
  }

  /** The last point at or before `at` (binary search: points are in stream order). */
  private before (at: number, key: (p: Point) => number): Point | undefined {
    let lo = this.first
    let hi = this.points.length - 1
    let found: Point | undefined
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const p = this.points[mid]
      if (p != null && key(p) <= at) {
        found = p
        lo = mid + 1
      } else {
        hi = mid - 1
      }
    }
    return found
  }
}
