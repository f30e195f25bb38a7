import { describe, expect, it } from 'vitest'
import { timeTicks } from './time-ticks.ts'

describe('timeTicks', () => {
  it('labels decades by year on year boundaries', () => {
    const ticks = timeTicks({ start: Date.UTC(1996, 5, 1), end: Date.UTC(2026, 5, 1) }, 6)
    expect(ticks.map(t => t.label)).toEqual(['2000', '2005', '2010', '2015', '2020', '2025'])
    expect(ticks[0]?.ms).toBe(Date.UTC(2000, 0, 1))
  })

  it('goes down to months, days, minutes and seconds as the span narrows', () => {
    expect(timeTicks({ start: Date.UTC(2013, 0, 15), end: Date.UTC(2013, 6, 15) }, 6).map(t => t.label)).toEqual(['2013-02', '2013-03', '2013-04', '2013-05', '2013-06', '2013-07'])
    expect(timeTicks({ start: Date.UTC(2013, 1, 2), end: Date.UTC(2013, 1, 2, 0, 50) }, 5).map(t => t.label)).toEqual(['2013-02-02 00:00', '2013-02-02 00:10', '2013-02-02 00:20', '2013-02-02 00:30', '2013-02-02 00:40', '2013-02-02 00:50'])
    expect(timeTicks({ start: Date.UTC(2016, 11, 31, 11), end: Date.UTC(2016, 11, 31, 11, 0, 10) }, 5).map(t => t.label)).toEqual(['11:00:00', '11:00:02', '11:00:04', '11:00:06', '11:00:08', '11:00:10'])
  })
})
