import { IPARO_VECTORS } from './surt/iparo-vectors.test-support.ts'
import { PYWB_VECTORS } from './surt/pywb-vectors.test-support.ts'
import { SURT_PACKAGE_VECTORS } from './surt/surt-package-vectors.test-support.ts'

/** One URL and its key; `source` names the repository and test it comes from. */
export interface SurtVector {
  input: string
  key: string
  source: string
  /** why IPARO's key is not pywb's here, and pywb's key */
  differs?: string
}

/**
 * The test table of src/core/surt.ts: the published canonicalization/SURT test vectors of the `surt`
 * package and of pywb (which keys CDXJ with it), plus IPARO's own cases, a few marked `differs`.
 */
export const SURT_VECTORS: readonly SurtVector[] = [...SURT_PACKAGE_VECTORS, ...PYWB_VECTORS, ...IPARO_VECTORS]

/** Every order of `xs` (for keys that must not depend on the order of query parameters). */
export function permutations<T> (xs: T[]): T[][] {
  return xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map(rest => [x, ...rest]))
}
