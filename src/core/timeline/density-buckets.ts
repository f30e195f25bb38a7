import type { TimeSpan } from './time-span.ts'

export interface Bucket {
  start: number
  end: number
  /** how many of the times fall in [start, end) */
  count: number
  /** the index (into the sorted times) of the first one in it, -1 when empty */
  first: number
}

/**
 * Splits the span into `n` equal buckets and counts the sorted `times` in each: the density the chart
 * draws. Linear in times + buckets, so 100,000 captures redraw on every wheel step.
 */
export function densityBuckets (times: readonly number[], span: TimeSpan, n: number): Bucket[] {
  const count = Math.max(1, Math.floor(n))
  const width = (span.end - span.start) / count
  const buckets: Bucket[] = Array.from({ length: count }, (_, i) => ({ start: span.start + i * width, end: span.start + (i + 1) * width, count: 0, first: -1 }))
  times.forEach((t, i) => {
    if (t < span.start || t >= span.end) return
    const bucket = buckets[Math.min(count - 1, Math.floor((t - span.start) / width))]
    if (bucket == null) return
    if (bucket.count === 0) bucket.first = i
    bucket.count++
  })
  return buckets
}
