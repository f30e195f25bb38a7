/**
 * Bamboo's lipmaa skip-link target for the entry with 1-based sequence number n (n ≥ 2): long
 * jumps land on the "certificate pool" entries (3^k − 1)/2, giving logarithmic paths between any
 * two entries with one skip link per entry. lipmaa(1) is 0 (no predecessor).
 */
export function lipmaa (n: number): number {
  if (n <= 1) return 0
  let m = 1
  let po3 = 3
  let u = n
  while (m < n) {
    po3 *= 3
    m = (po3 - 1) / 2
  }
  po3 /= 3
  if (m !== n) {
    while (u !== 0) {
      m = (po3 - 1) / 2
      po3 /= 3
      u %= m
    }
    if (m !== po3) po3 = m
  }
  return n - po3
}
