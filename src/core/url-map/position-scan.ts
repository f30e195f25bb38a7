import { InvalidInputError } from '../errors.ts'
import { lowerBound } from './key-order.ts'
import type { MapNode } from './map-node.ts'
import { isLeaf } from './map-node.ts'
import type { NodeReader } from './node-reader.ts'
import type { UrlEntry } from './url-entry.ts'

/**
 * How many keys sort before `key`: branch nodes carry their children's entry counts, so this reads one
 * node per level (the path to where `key` would be), never the leaves around it.
 */
export async function rankOf (reader: NodeReader, root: MapNode, key: string): Promise<number> {
  let node = root
  let after: string | undefined
  let rank = 0
  for (;;) {
    const lo = lowerBound(node.keys, key)
    if (isLeaf(node)) return rank + lo
    if (lo === node.keys.length) {
      for (const c of node.counts) rank += c
      return rank
    }
    for (let i = 0; i < lo; i++) rank += node.counts[i] as number
    const child = await reader.child(node, lo, after)
    after = lo > 0 ? node.keys[lo - 1] : after
    node = child
  }
}

/**
 * Entries from position `index` (0-based, in key order) on, at most `limit`: skips whole subtrees by
 * their counts, so a page in the middle of a million entries costs the path to it plus the leaves it spans.
 */
export async function * scanFromIndex (reader: NodeReader, root: MapNode, index: number, limit: number, signal?: AbortSignal): AsyncGenerator<[string, UrlEntry]> {
  if (!Number.isSafeInteger(index) || index < 0) throw new InvalidInputError(`position must be an integer ≥ 0, got ${index}`)
  if (!(limit >= 0)) throw new InvalidInputError(`limit must be ≥ 0, got ${limit}`)
  let skip = index
  let left = limit

  async function * walk (node: MapNode, after: string | undefined): AsyncGenerator<[string, UrlEntry]> {
    if (isLeaf(node)) {
      for (let i = skip; i < node.keys.length && left > 0; i++, left--) yield [node.keys[i] as string, node.entries[i] as UrlEntry]
      skip = Math.max(0, skip - node.keys.length)
      return
    }
    for (let i = 0; i < node.keys.length && left > 0; i++) {
      const count = node.counts[i] as number
      if (skip >= count) { skip -= count; continue }
      signal?.throwIfAborted()
      yield * walk(await reader.child(node, i, after, { signal }), i > 0 ? node.keys[i - 1] : after)
    }
  }

  if (left > 0) yield * walk(root, undefined)
}
