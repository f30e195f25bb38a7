/** Median and spread of a sample: what every row of the bench's table shows. */
export interface Spread { runs: number, p50: number, p10: number, p90: number, min: number, max: number }

const round = (n: number): number => Math.round(n * 10) / 10

/** Nearest-rank percentiles: with 10 runs, p10 and p90 are the second and ninth values. */
export function spread (values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN
  return { runs: sorted.length, p50: round(at(0.5)), p10: round(at(0.1)), p90: round(at(0.9)), min: round(sorted[0] ?? NaN), max: round(sorted.at(-1) ?? NaN) }
}

/** ours ÷ reference, two decimals; NaN when either side has no runs. */
export const ratio = (ours: Spread, reference: Spread): number => Math.round(100 * ours.p50 / reference.p50) / 100
