import type { LoadTiming } from './load-timing.ts'
import type { OriginBytes } from './request-bytes.ts'
import type { SizeData, Wacz } from './size-data.ts'
import { ratio, spread, type Spread } from './spread.ts'

/** One timed visit: the system's server's byte counts (`sent`) and what Chromium saw of them (`seen`). */
export interface Sample extends LoadTiming {
  size: number
  system: string
  page: string
  visit: 'cold' | 'warm'
  sent: Record<string, number>
  seen: OriginBytes
}

export interface SizeRun { size: SizeData, wacz?: Wacz, waczError?: string, staticMisses: string[] }

export const REFERENCE = 'rwp-wacz'
export const OURS = 'iparo'
/** The issue's target: IPARO's time at most this share of ReplayWeb.page's, cold and warm, at every size. */
export const TARGET = 0.5

interface SystemSummary {
  coldLoadMs: Spread
  warmLoadMs: Spread
  coldFirstByteMs: Spread
  warmFirstByteMs: Spread
  coldBytes: Spread
  warmBytes: Spread
  /** rwp-wacz: WACZ body bytes; iparo: /ipfs/ responses as Chromium counted them */
  coldArchiveBytes: Spread
  warmArchiveBytes: Spread
  /** the replayed documents' titles per page: one each when every visit showed the same page */
  titles: Record<string, string[]>
}

export interface SizeSummary {
  sizeMB: number
  warcBytes: number
  records: number
  ingestMs: number
  wacz?: Wacz
  waczError?: string
  staticMisses: string[]
  systems: Record<string, SystemSummary>
  ratios: { cold: number, warm: number, coldBytes: number, warmBytes: number }
}

export interface Summary {
  sizes: SizeSummary[]
  /** cold p50 at each size ÷ at the smallest, per system: 1.0 everywhere is flat */
  coldGrowth: Record<string, number[]>
  target: { ratio: number, holds: boolean, misses: string[] }
}

function summarizeSystem (samples: Sample[], pages: string[]): SystemSummary {
  const of = (visit: 'cold' | 'warm', value: (s: Sample) => number): Spread => spread(samples.filter(s => s.visit === visit).map(value))
  const archive = (s: Sample): number => s.sent.archiveBytes ?? s.seen.gateway
  return {
    coldLoadMs: of('cold', s => s.loadMs),
    warmLoadMs: of('warm', s => s.loadMs),
    coldFirstByteMs: of('cold', s => s.firstByteMs),
    warmFirstByteMs: of('warm', s => s.firstByteMs),
    coldBytes: of('cold', s => s.sent.bytes ?? NaN),
    warmBytes: of('warm', s => s.sent.bytes ?? NaN),
    coldArchiveBytes: of('cold', archive),
    warmArchiveBytes: of('warm', archive),
    titles: Object.fromEntries(pages.map(p => [p, [...new Set(samples.filter(s => s.page === p).map(s => s.title))]]))
  }
}

/** Medians, spreads and ratios per size and system, pooled over the pages; whether the target holds. */
export function summarize (runs: SizeRun[], samples: Sample[], pages: string[]): Summary {
  const sizes = runs.map((r): SizeSummary => {
    const at = samples.filter(s => s.size === r.size.sizeMB)
    const systems = Object.fromEntries([REFERENCE, OURS].map(name => [name, summarizeSystem(at.filter(s => s.system === name), pages)]))
    const ref = systems[REFERENCE]
    const ours = systems[OURS]
    const r2 = (a: Spread | undefined, b: Spread | undefined): number => a == null || b == null ? NaN : ratio(a, b)
    return {
      sizeMB: r.size.sizeMB,
      warcBytes: r.size.warcBytes,
      records: r.size.records,
      ingestMs: r.size.ingestMs,
      ...(r.wacz != null ? { wacz: r.wacz } : {}),
      ...(r.waczError != null ? { waczError: r.waczError } : {}),
      staticMisses: r.staticMisses,
      systems,
      ratios: { cold: r2(ours?.coldLoadMs, ref?.coldLoadMs), warm: r2(ours?.warmLoadMs, ref?.warmLoadMs), coldBytes: r2(ours?.coldBytes, ref?.coldBytes), warmBytes: r2(ours?.warmBytes, ref?.warmBytes) }
    }
  })
  const coldGrowth = Object.fromEntries([REFERENCE, OURS].map(name => {
    const first = sizes[0]?.systems[name]?.coldLoadMs.p50 ?? NaN
    return [name, sizes.map(s => Math.round(100 * (s.systems[name]?.coldLoadMs.p50 ?? NaN) / first) / 100)]
  }))
  const misses = sizes.flatMap(s => (['cold', 'warm'] as const)
    .filter(w => !(s.ratios[w] <= TARGET))
    .map(w => `${s.sizeMB} MB ${w}: ${Number.isNaN(s.ratios[w]) ? 'not measured' : `${s.ratios[w].toFixed(2)}×`}`))
  return { sizes, coldGrowth, target: { ratio: TARGET, holds: misses.length === 0, misses } }
}

const ms = (s: Spread): string => s.runs === 0 ? '–' : `${Math.round(s.p50)} (${Math.round(s.p10)}–${Math.round(s.p90)})`
const kb = (s: Spread): string => s.runs === 0 || Number.isNaN(s.p50) ? '–' : `${Math.round(s.p50 / 1000)}`
const times = (n: number): string => Number.isNaN(n) ? '–' : `${n.toFixed(2)}×`
const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`

/** The table on stdout: per size, each system's times and bytes, and the ratios. */
export function printSizesTable (summary: Summary, visitsPerCell: number, rwpVersion: string): void {
  console.log(`bench/replay sizes: ReplayWeb.page ${rwpVersion} on the exported WACZ vs IPARO; up to ${visitsPerCell} visits per cell (pages pooled)`)
  console.log('ms from navigation start, p50 (p10–p90); KB: p50 of bytes the system\'s server sent (archive part in brackets)')
  const widths = [12, 22, 20, 22, 20, 17, 12]
  const line = (cells: string[]): void => { console.log(cells.map((c, i) => c.padEnd(widths[i] ?? 10)).join('')) }
  line(['system', 'cold load', 'cold 1st byte', 'warm load', 'warm 1st byte', 'cold KB', 'warm KB'])
  for (const s of summary.sizes) {
    console.log(`${s.sizeMB} MB: ${mb(s.warcBytes)} WARC.gz ingested (${s.records} records)${s.wacz != null ? `, ${mb(s.wacz.bytes)} WACZ` : ''}`)
    for (const name of [REFERENCE, OURS]) {
      const x = s.systems[name]
      if (x == null || x.coldLoadMs.runs === 0) { line([name, 'no runs']); continue }
      line([name, ms(x.coldLoadMs), ms(x.coldFirstByteMs), ms(x.warmLoadMs), ms(x.warmFirstByteMs), `${kb(x.coldBytes)} (${kb(x.coldArchiveBytes)})`, `${kb(x.warmBytes)} (${kb(x.warmArchiveBytes)})`])
    }
    line([`${OURS}÷rwp`, times(s.ratios.cold), '', times(s.ratios.warm), '', times(s.ratios.coldBytes), times(s.ratios.warmBytes)])
    if (s.waczError != null) console.log(`  ${s.sizeMB} MB: no WACZ: ${s.waczError}`)
  }
  for (const [name, growth] of Object.entries(summary.coldGrowth)) console.log(`cold p50 ÷ at ${summary.sizes[0]?.sizeMB ?? '?'} MB, ${name}: ${growth.map(times).join(', ')}`)
  console.log(`target ≤ ${TARGET.toFixed(2)}× cold and warm at every size: ${summary.target.holds ? 'holds' : `does not hold (${summary.target.misses.join('; ')})`}`)
}
