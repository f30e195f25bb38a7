import { describe, expect, it } from 'vitest'
import { contentRange, parseRange, unsatisfiedRange } from './byte-range.ts'

describe('Range headers', () => {
  it('reads first-last, open-ended and suffix ranges, clamped to the length', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ kind: 'range', range: { start: 0, end: 99 } })
    expect(parseRange('bytes=900-', 1000)).toEqual({ kind: 'range', range: { start: 900, end: 999 } })
    expect(parseRange('bytes=900-5000', 1000)).toEqual({ kind: 'range', range: { start: 900, end: 999 } })
    expect(parseRange('bytes=-100', 1000)).toEqual({ kind: 'range', range: { start: 900, end: 999 } })
    expect(parseRange('bytes=-5000', 1000)).toEqual({ kind: 'range', range: { start: 0, end: 999 } })
    expect(parseRange(' Bytes = 5-5 ', 1000)).toEqual({ kind: 'range', range: { start: 5, end: 5 } })
  })

  it('is unsatisfiable from the end on, for empty suffixes and for empty bodies', () => {
    expect(parseRange('bytes=1000-', 1000)).toEqual({ kind: 'unsatisfiable' })
    expect(parseRange('bytes=-0', 1000)).toEqual({ kind: 'unsatisfiable' })
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' })
  })

  it('ignores what it does not serve: other units, malformed or reversed ranges, several ranges', () => {
    for (const h of [null, 'items=0-1', 'bytes=a-b', 'bytes=5-1', 'bytes=0-1,5-6', 'bytes=-', 'bytes=']) {
      expect(parseRange(h, 1000), String(h)).toEqual({ kind: 'none' })
    }
  })

  it('writes Content-Range values', () => {
    expect(contentRange({ start: 0, end: 9 }, 100)).toBe('bytes 0-9/100')
    expect(unsatisfiedRange(100)).toBe('bytes */100')
  })
})
