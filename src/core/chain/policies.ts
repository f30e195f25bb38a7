import type { LinkingPolicy } from './linking-policy.ts'
import { lipmaa } from './lipmaa.ts'
import { mixSeed, seededRandom } from './seeded-random.ts'

/** Only prev and first: one fetch per step back in time, and one lost IPARO cuts the chain. */
export const previousOnlyPolicy: LinkingPolicy = {
  id: 'prev',
  segments: false,
  skipTargets: () => []
}

/** k targets drawn uniformly from 1 … seq−2, from a PRNG seeded by (seed, seq). */
export function randomLinksPolicy (k = 4, seed = 1): LinkingPolicy {
  return {
    id: `rand${k}`,
    segments: false,
    skipTargets (seq) {
      if (seq < 3) return []
      const rnd = seededRandom(mixSeed(seed, seq))
      const picked = new Set<number>()
      const want = Math.min(k, seq - 2)
      while (picked.size < want) picked.add(1 + Math.floor(rnd() * (seq - 2)))
      return [...picked]
    }
  }
}

function powersOfTwoBack (seq: number): number[] {
  const out: number[] = []
  for (let step = 2; step <= seq; step *= 2) out.push(seq - step)
  return out
}

/** seq − 2^j for every j ≥ 1 with 2^j ≤ seq (seq − 1 is prev): ⌊log₂ seq⌋ + 1 links in all. */
export const powerOfTwoPolicy: LinkingPolicy = {
  id: 'p2',
  segments: false,
  skipTargets: powersOfTwoBack
}

/** Bamboo's single lipmaa skip link, on 1-based numbers (seq s is entry s + 1). */
export const lipmaaPolicy: LinkingPolicy = {
  id: 'lipmaa',
  segments: false,
  skipTargets: (seq) => seq < 1 ? [] : [lipmaa(seq + 1) - 1]
}

/** Power-of-two links plus TimeMap segments (64 versions each, rewritten every 8 appends). */
export const powerOfTwoSegmentsPolicy: LinkingPolicy = {
  id: 'p2s',
  segments: true,
  skipTargets: powersOfTwoBack
}

/** The policy the ingest uses; docs/linking-policies.md explains the choice. */
export const defaultPolicy: LinkingPolicy = powerOfTwoSegmentsPolicy
