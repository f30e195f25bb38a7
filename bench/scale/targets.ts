/**
 * The fetch targets the scale bench checks, as the issues state them:
 *   chain (issue 3, docs/linking-policies.md): "latest and first: 1 header fetch each (after IPNS and the
 *   URL map)"; "closest(datetime): worst ≤ ⌈log₂N⌉ + 1 and mean ≤ ⌈log₂N⌉/2 + 1 fetches"; "full TimeMap:
 *   ≤ ⌈N/64⌉ + ⌈log₂N⌉ + 2 fetches" — N the URL's versions;
 *   URL map (issue 3, docs/url-map.md): "lookup ≤ ⌈log₁₀₀ n⌉ + 1 block fetches and a 100-URL prefix page
 *   ≤ that + 2" — n the archive's URLs.
 */

export interface Summary { mean: number, p50: number, p99: number, worst: number }

export function summarize (xs: number[]): Summary {
  const sorted = [...xs].sort((a, b) => a - b)
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN
  const r = (n: number): number => Math.round(n * 100) / 100
  return { mean: r(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)), p50: r(at(0.5)), p99: r(at(0.99)), worst: r(sorted[sorted.length - 1] ?? NaN) }
}

export function chainTargets (versions: number): { closest: { worst: number, mean: number }, latest: { worst: number }, timemap: { worst: number } } {
  const log2 = Math.ceil(Math.log2(Math.max(2, versions)))
  return {
    closest: { worst: log2 + 1, mean: log2 / 2 + 1 },
    latest: { worst: 1 },
    timemap: { worst: Math.ceil(versions / 64) + log2 + 2 }
  }
}

export function urlMapTargets (urls: number): { lookup: number, page: number } {
  // ⌈log₁₀₀ n⌉ by integers: the smallest k with 100^k ≥ n
  let k = 0
  while (100 ** k < urls) k++
  return { lookup: k + 1, page: k + 3 }
}
