import { describe, expect, it } from 'vitest'
import { centreSpan, fitSpan, MAX_SPAN_MS, MIN_SPAN_MS, panSpan, spanAt, spanFraction, zoomSpan } from './time-span.ts'

describe('timeline spans', () => {
  const span = { start: 0, end: 1000_000 }

  it('zooms around an anchor, which stays at the same place on screen', () => {
    const z = zoomSpan(span, 0.5, 250_000)
    expect(z).toEqual({ start: 125_000, end: 625_000 })
    expect(spanFraction(z, 250_000)).toBeCloseTo(spanFraction(span, 250_000))
    expect(zoomSpan(span, 2)).toEqual({ start: -500_000, end: 1500_000 })
  })

  it('stops at ten seconds and at two centuries', () => {
    let s = span
    for (let i = 0; i < 100; i++) s = zoomSpan(s, 0.5)
    expect(s.end - s.start).toBe(MIN_SPAN_MS)
    for (let i = 0; i < 200; i++) s = zoomSpan(s, 2)
    expect(s.end - s.start).toBe(MAX_SPAN_MS)
  })

  it('fits times with a margin, pans, centres and maps fractions both ways', () => {
    const fit = fitSpan([1000_000, 2000_000, 1500_000])
    expect(fit.start).toBeLessThan(1000_000)
    expect(fit.end).toBeGreaterThan(2000_000)
    expect((fit.start + fit.end) / 2).toBe(1500_000)
    const one = fitSpan([5e12])
    expect(one.end - one.start).toBeGreaterThan(300 * 24 * 3600e3)
    expect(fitSpan([1, 2]).end - fitSpan([1, 2]).start).toBe(MIN_SPAN_MS)
    expect(panSpan(span, 10)).toEqual({ start: 10, end: 1000_010 })
    expect(centreSpan(span, 0)).toEqual({ start: -500_000, end: 500_000 })
    expect(spanAt(span, spanFraction(span, 123))).toBeCloseTo(123)
  })
})
