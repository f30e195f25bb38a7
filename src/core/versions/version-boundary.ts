import { keyHash } from '../url-map/key-hash.ts'
import { SPLIT_BYTES } from '../url-map/boundary.ts'

/**
 * Where version-index nodes end (part of the format: every writer must cut the same way, so equal
 * version sets give equal roots).
 *
 * Leaves end after a version whose key hashes below 2³²/145 (one in 145 on average), whatever the
 * leaf's size: inserting a version then never moves another cut, so an append rewrites its own leaf
 * (split in two when the new key is itself a cut) without reading a neighbour. (The URL map's
 * size-dependent rule gives more even leaves but re-reads the next leaf after most inserts.) A leaf
 * is also cut at 4,096 versions or ~550 KiB (readers take nodes up to 1 MiB), which practically
 * never happens (e^-20 of leaves): a cut forced by size would move with every insert before it.
 *
 * Branches hold 1,024 children, a fixed size: a lookup reads two nodes (root and leaf) up to
 * ~148,000 versions of one URL, which keeps a new run's append inside ⌈log₂N⌉ + 1 reads with the
 * chain's own (docs/linking-policies.md). A fixed cut is still a function of the contents alone; it
 * only costs rewriting the branches to the right of a split, which exist beyond ~148,000 versions.
 */
const LEAF_CUT = Math.floor(2 ** 32 / 145)
const LEAF_MAX = 4096
const LEAF_MAX_BYTES = 3 * SPLIT_BYTES
const BRANCH_ITEMS = 1024

export function versionBoundary (level: number, key: string, count: number, bytes: number): boolean {
  if (level > 0) return count >= BRANCH_ITEMS || bytes >= SPLIT_BYTES
  return count >= LEAF_MAX || bytes >= LEAF_MAX_BYTES || keyHash(key, level) < LEAF_CUT
}
