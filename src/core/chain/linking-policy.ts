/**
 * Which earlier versions a new version links to. Every version also links to its previous
 * (seq − 1) and to the first (seq 0); a policy adds its 'skip' targets, and may ask for TimeMap
 * segments. Policies are pure: the targets depend on the seq alone, so any appender, in any run,
 * computes the same links.
 */
export interface LinkingPolicy {
  /** Written to each header's chain summary (`p`). */
  readonly id: string
  /** Write a TimeMap segment every 8 appends (timemap-segment.ts). */
  readonly segments: boolean
  /** Seqs (0 ≤ s < seq) the version at `seq` links to besides prev and first. */
  skipTargets (seq: number): number[]
}
