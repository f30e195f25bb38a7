/** mulberry32: a tiny deterministic PRNG in [0, 1), enough for choosing links and simulating loss. */
export function seededRandom (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Combines two integers into one seed (so a policy's choice for seq s never depends on other seqs). */
export function mixSeed (a: number, b: number): number {
  let h = Math.imul(a ^ 0x9E3779B9, 0x85EBCA6B) ^ b
  h = Math.imul(h ^ (h >>> 16), 0x7FEB352D)
  h = Math.imul(h ^ (h >>> 15), 0x846CA68B)
  return (h ^ (h >>> 16)) >>> 0
}
