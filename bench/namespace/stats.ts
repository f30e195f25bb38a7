/** Small statistics and formatting helpers shared by the namespace bench's parts. */

export function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  if (sorted.length === 0) return Number.NaN
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] ?? Number.NaN : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

export function mean (values: number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length
}

/** Rounds to `digits` significant digits (for tables and JSON: the noise is larger than that). */
export function round (value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value
  const exponent = Math.floor(Math.log10(Math.abs(value))) - digits + 1
  // by an integer step when rounding to tens or more: 1e-4 is not exact, and 1460000 would print 1460000.0000000002
  return exponent >= 0 ? Math.round(value / 10 ** exponent) * 10 ** exponent : Math.round(value * 10 ** -exponent) / 10 ** -exponent
}

/** Tables print as aligned columns, or as Markdown (`--markdown`: what docs/namespacing.md pastes). */
export const tableStyle = { markdown: false }

/** A table of rows as aligned columns, the header underlined (or a Markdown table). */
export function formatTable (header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map(r => r.map(String))]
  if (tableStyle.markdown) {
    const line = (r: string[]): string => `| ${r.join(' | ')} |`
    return [line(header), line(header.map(() => '---')), ...cells.slice(1).map(line)].join('\n')
  }
  const widths = header.map((_, i) => Math.max(...cells.map(r => (r[i] ?? '').length)))
  const line = (r: string[]): string => r.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ')
  return [line(header), widths.map(w => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n')
}

/** Seconds since `start` (a performance.now() reading). */
export function secondsSince (start: number): number {
  return (performance.now() - start) / 1000
}
