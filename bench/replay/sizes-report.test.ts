import { describe, expect, it } from 'vitest'
import type { SizeData } from './size-data.ts'
import { summarize, type Sample } from './sizes-report.ts'

const size = (sizeMB: number): SizeData => ({ sizeMB, dir: '', data: '', inputs: [], warcBytes: sizeMB * 1e6, records: 1, ingestMs: 1 })

function sample (sizeMB: number, system: string, visit: 'cold' | 'warm', loadMs: number, bytes: number): Sample {
  return {
    size: sizeMB, system, page: 'home', visit, loadMs, firstByteMs: loadMs / 2, frameTtfbMs: 1, frameLoadMs: 2, title: 'IANA',
    sent: system === 'rwp-wacz' ? { bytes, archiveBytes: bytes / 2 } : { bytes },
    seen: { gateway: bytes / 4, routing: 0, other: 0, gatewayRequests: 1 }
  }
}

describe('summarize', () => {
  it('gives ours ÷ ReplayWeb.page per size, the cold growth against the smallest size, and where the target is missed', () => {
    const samples = [
      sample(1, 'rwp-wacz', 'cold', 2000, 4000), sample(1, 'iparo', 'cold', 1000, 1000),
      sample(1, 'rwp-wacz', 'warm', 800, 10), sample(1, 'iparo', 'warm', 300, 30),
      sample(500, 'rwp-wacz', 'cold', 20000, 8000), sample(500, 'iparo', 'cold', 1200, 1000),
      sample(500, 'rwp-wacz', 'warm', 1000, 10), sample(500, 'iparo', 'warm', 600, 30)
    ]
    const s = summarize([{ size: size(1), staticMisses: [] }, { size: size(500), staticMisses: [] }], samples, ['home'])
    expect(s.sizes.map(x => x.ratios)).toEqual([
      { cold: 0.5, warm: 0.38, coldBytes: 0.25, warmBytes: 3 },
      { cold: 0.06, warm: 0.6, coldBytes: 0.13, warmBytes: 3 }
    ])
    expect(s.sizes[1]?.systems['rwp-wacz']?.coldArchiveBytes.p50).toBe(4000)
    expect(s.sizes[1]?.systems.iparo?.coldArchiveBytes.p50).toBe(250)
    expect(s.coldGrowth).toEqual({ 'rwp-wacz': [1, 10], iparo: [1, 1.2] })
    expect(s.target).toEqual({ ratio: 0.5, holds: false, misses: ['500 MB warm: 0.60×'] })
  })

  it('counts a size without ReplayWeb.page runs (no WACZ) as a miss, not a pass', () => {
    const s = summarize([{ size: size(1), waczError: 'no --wacz', staticMisses: [] }], [sample(1, 'iparo', 'cold', 1000, 1)], ['home'])
    expect(s.target.misses).toEqual(['1 MB cold: not measured', '1 MB warm: not measured'])
    expect(s.sizes[0]?.waczError).toBe('no --wacz')
  })
})
