/** What deduplication and revisit resolution found in one ingest: the same at every later run, or a regression. */
export interface Outcomes {
  records: number
  mementos: number
  duplicates: number
  revisitsResolved: number
  revisitsUnresolved: number
  dedupBlocks: number
  dedupBytes: number
  skipped: number
  errors: number
}

export interface SizeRow {
  targetMB: number
  input: { uncompressedMB: number, compressedMB: number, records: number }
  exitCode: number | null
  /** the end of stderr when the ingest did not finish */
  failure?: string
  seconds: number
  mbps: number
  peakRssMB: number
  storedBytes: number
  newBytes: number
  warnings: number
  iparos: number
  outcomes: Outcomes | undefined
}

interface SizesResult {
  targets: { peakRssMB: number, largestOverSmallestMBps: number }
  rows: Array<SizeRow & { mbpsOverSmallest: number | null }>
  largestOverSmallestMBps: number | null
  dedupAndRevisits: Record<string, { unchanged: boolean, differences: string[] } | undefined>
  baseline: { at: string }
}

function table (rows: string[][]): string {
  const width = rows.reduce((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), [] as number[])
  return rows.map(r => r.map((c, i) => i === 0 ? c.padEnd(width[i] ?? 0) : c.padStart(width[i] ?? 0)).join('  ')).join('\n')
}

export function printSizesTable (result: SizesResult): void {
  const t = result.targets
  console.log('')
  console.log(`one iparo ingest per size, a fresh data folder each; targets: peak RSS < ${t.peakRssMB} MB at every size, MB/s of the largest ≥ ${t.largestOverSmallestMBps}× the smallest`)
  console.log(table([
    ['input MB', 'records', 'wall s', 'MB/s', 'ratio', 'peak RSS MB', 'stored MB', 'mementos', 'revisits ok/unres.', 'dedup blocks', 'vs baseline'],
    ...result.rows.map(r => {
      const o = r.outcomes
      const c = result.dedupAndRevisits[String(r.targetMB)]
      return [
        `${r.input.uncompressedMB}`,
        `${r.input.records}`,
        r.exitCode === 0 || r.exitCode === 65 ? `${r.seconds}` : `FAILED (exit ${String(r.exitCode)})`,
        `${r.mbps}`,
        `${String(r.mbpsOverSmallest)}×`,
        `${r.peakRssMB}${r.peakRssMB < t.peakRssMB ? '' : ' ✗'}`,
        `${Math.round(r.storedBytes / 1e6)}`,
        `${o?.mementos ?? '-'}`,
        o == null ? '-' : `${o.revisitsResolved}/${o.revisitsUnresolved}`,
        `${o?.dedupBlocks ?? '-'}`,
        c == null ? '-' : c.unchanged ? 'unchanged' : `CHANGED: ${c.differences.join('; ')}`
      ]
    })
  ]))
  const ratio = result.largestOverSmallestMBps
  if (ratio != null) console.log(`MB/s largest ÷ smallest: ${ratio}× (target ≥ ${t.largestOverSmallestMBps}) ${ratio >= t.largestOverSmallestMBps ? 'met' : 'NOT met'}`)
  console.log(`dedup and revisit outcomes compared with the baseline of ${result.baseline.at}`)
  for (const r of result.rows) if (r.failure != null) console.log(`\ningest of ${r.targetMB} MB failed (exit ${String(r.exitCode)}):\n${r.failure}`)
}
