/** A visible stretch of time on the timeline, in ms since the epoch (end > start). */
export interface TimeSpan { start: number, end: number }

const SECOND = 1000
const YEAR = 365.2425 * 24 * 3600 * SECOND

/** Zoomed in, the chart shows ten seconds: versions a second apart stand apart. */
export const MIN_SPAN_MS = 10 * SECOND
/** Zoomed out, two centuries: the web's whole life with room to spare. */
export const MAX_SPAN_MS = 200 * YEAR

const clampWidth = (w: number): number => Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, w))

/**
 * Zooms by `factor` (< 1 in, > 1 out) keeping the instant under `anchor` where it is on screen:
 * wheel and pinch zoom around the pointer, buttons and keys around the centre.
 */
export function zoomSpan (span: TimeSpan, factor: number, anchor = (span.start + span.end) / 2): TimeSpan {
  const width = span.end - span.start
  const next = clampWidth(width * factor)
  const at = (anchor - span.start) / width
  const start = anchor - at * next
  return { start, end: start + next }
}

export function panSpan (span: TimeSpan, deltaMs: number): TimeSpan {
  return { start: span.start + deltaMs, end: span.end + deltaMs }
}

/** The span that shows every one of `times` with a margin; one time (or none) gets a year around it. */
export function fitSpan (times: readonly number[], now = Date.now()): TimeSpan {
  if (times.length === 0) return { start: now - YEAR / 2, end: now + YEAR / 2 }
  const lo = Math.min(...times)
  const hi = Math.max(...times)
  const width = clampWidth(hi - lo === 0 ? YEAR : (hi - lo) * 1.1)
  const middle = (lo + hi) / 2
  return { start: middle - width / 2, end: middle + width / 2 }
}

/** The span of `width` centred on `ms` (jumping to a version while keeping the zoom). */
export function centreSpan (span: TimeSpan, ms: number): TimeSpan {
  const half = (span.end - span.start) / 2
  return { start: ms - half, end: ms + half }
}

/** x in [0, 1] across the span for an instant (outside the span: below 0 or above 1). */
export const spanFraction = (span: TimeSpan, ms: number): number => (ms - span.start) / (span.end - span.start)
export const spanAt = (span: TimeSpan, fraction: number): number => span.start + fraction * (span.end - span.start)
