import { describe, expect, it } from 'vitest'
import { readChainSummary } from './chain-summary.ts'
import { gapFacts } from './gap-facts.ts'
import { rangeSummary } from './range-summary.ts'
import { nanos } from './datetime-nanos.ts'
import type { VersionHeader } from './version-header.ts'

const link = (seq: number, datetime: string, role = 'skip'): VersionHeader['links'][number] => ({ cid: `c${seq}`, datetime, seq, role })

describe('chain summaries', () => {
  it('are trusted only when entirely readable', () => {
    expect(readChainSummary(undefined)).toBeUndefined()
    expect(readChainSummary({ v: 2, p: 'x' })).toBeUndefined()
    expect(readChainSummary({ v: 1, p: 'x', b: [[3, 'nope', '2020-01-01T00:00:00Z']] })).toBeUndefined()
    expect(readChainSummary({ v: 1, p: 'x', u: [-1] })).toBeUndefined()
    expect(readChainSummary({ v: 1, p: 'x', seg: 5 })).toBeUndefined()
    const r = readChainSummary({ v: 1, p: 'x', b: [[3, '2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z']], u: [7] })
    expect(r?.bounds.get(3)?.minDt).toBe('2020-01-01T00:00:00Z')
    expect([...(r?.unknown ?? [])]).toEqual([7])
  })

  it('state facts about the gaps between structural links only', () => {
    const header: VersionHeader = {
      cid: 'c12', datetime: '2020-01-12T00:00:00Z', seq: 12,
      links: [
        link(11, '2020-01-11T00:00:00Z', 'prev'), link(9, '2020-01-09T00:00:00Z'), link(5, '2020-01-05T00:00:00Z'),
        link(3, '2020-01-05T00:00:00Z', 'see-also'), link(0, '2020-01-01T00:00:00Z', 'first'), link(12, '2020-01-12T00:00:00Z')
      ],
      chain: { v: 1, p: 'p2', b: [[9, '2019-01-01T00:00:00Z', '2021-01-01T00:00:00Z']], u: [5] }
    }
    const facts = gapFacts(header)
    expect(facts.map(f => [f.lo.seq, f.hi.seq, f.kind])).toEqual([[9, 11, 'sorted'], [5, 9, 'bounds']])
  })

  it('let an appender summarize a gap from the upper target alone', () => {
    const y: VersionHeader = {
      cid: 'c8', datetime: '2020-01-08T00:00:00Z', seq: 8,
      links: [link(7, '2020-01-07T00:00:00Z', 'prev'), link(6, '2020-01-06T00:00:00Z'), link(4, '2020-01-09T00:00:00Z'), link(0, '2020-01-01T00:00:00Z', 'first')],
      chain: { v: 1, p: 'p2' }
    }
    const lo = (seq: number, dt: string): { seq: number, datetime: string, ns: bigint } => ({ seq, datetime: dt, ns: nanos(dt) })
    // 6 < 7 < 8 in order, but 4 is later than 6
    expect(rangeSummary(y, lo(6, '2020-01-06T00:00:00Z'))).toMatchObject({ sorted: true, known: true })
    const r = rangeSummary(y, lo(4, '2020-01-09T00:00:00Z'))
    expect(r).toMatchObject({ sorted: false, known: true })
    expect([r.min?.datetime, r.max?.datetime]).toEqual(['2020-01-06T00:00:00Z', '2020-01-09T00:00:00Z'])
    // lo inside the sorted gap (0, 4): bounded by lo's datetime from below
    const deep = rangeSummary(y, lo(2, '2020-01-03T00:00:00Z'))
    expect(deep).toMatchObject({ sorted: false, known: true })
    expect(deep.min?.datetime).toBe('2020-01-03T00:00:00Z')
    const noSummary: VersionHeader = { ...y, chain: undefined }
    expect(rangeSummary(noSummary, lo(4, '2020-01-09T00:00:00Z'))).toMatchObject({ known: false })
  })
})
