import { keyHash } from './key-hash.ts'

/**
 * Where nodes end: the chunking rule of the prolly tree (docs/url-map.md).
 *
 * Items of one level (entries in leaves, child links in branches) are cut into nodes left to right.
 * Each node starts empty; after appending an item with key `k`, giving `count` items and an
 * estimated `bytes`, the node ends when
 *   - count ≥ MAX_ITEMS or bytes ≥ SPLIT_BYTES (forced, for size bounds), or
 *   - count ≥ MIN_ITEMS and (murmur3(k, seed = level) >>> 20) ≤ count − MIN_ITEMS.
 * The chance of a cut grows linearly with the node's size (a Rayleigh-shaped size distribution:
 * mean ≈ 128 items, 99.5 % below 256, practically none beyond 350), unlike a fixed chance whose
 * geometric sizes would spread from a few items to many hundreds. Since the rule looks only at the
 * items since the node's start, the tree is a function of its contents alone: the same entries give
 * the same nodes and the same root CID whatever the order of insertion (history independence).
 */
export const MIN_ITEMS = 48
export const MAX_ITEMS = 1024
/** No single item (key + entry, or key + link) may be larger. */
export const MAX_ITEM_BYTES = 64 * 1024
/** A node reaching this estimate ends, so a node never exceeds SPLIT_BYTES + MAX_ITEM_BYTES. */
export const SPLIT_BYTES = 184 * 1024
/** Upper bound of any node the rule produces (the estimate is an upper bound of encoded size). */
export const MAX_NODE_BYTES = 256 * 1024
/** Nodes larger than this are rejected before decoding (room for other writers' slack). */
export const MAX_BLOCK_BYTES = 1024 * 1024
/** Bytes counted for a node's fixed fields and array headers (an upper bound of both kinds). */
export const NODE_OVERHEAD_BYTES = 96

/** Where a node of `level` ends, after an item with `key` made it `count` items and about `bytes`. */
export type BoundaryRule = (level: number, key: string, count: number, bytes: number) => boolean

export function isBoundary (level: number, key: string, count: number, bytes: number): boolean {
  if (count >= MAX_ITEMS || bytes >= SPLIT_BYTES) return true
  if (count < MIN_ITEMS) return false
  return (keyHash(key, level) >>> 20) <= count - MIN_ITEMS
}
