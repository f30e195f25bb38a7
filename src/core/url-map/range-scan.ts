import { InvalidInputError } from '../errors.ts'
import { compareKeys } from './key-order.ts'
import type { MapNode } from './map-node.ts'
import { isLeaf } from './map-node.ts'
import type { NodeReader } from './node-reader.ts'
import type { UrlEntry } from './url-entry.ts'

export interface RangeOptions {
  /** keys ≥ gte */
  gte?: string
  /** keys < lt */
  lt?: string
  /** keys starting with prefix (see surtPrefix) */
  prefix?: string
  /** keys > after: pass the last key of the previous page to get the next one */
  after?: string
  /** at most this many entries */
  limit?: number
  signal?: AbortSignal
}

interface Bound {
  key: string
  inclusive: boolean
}

function lowerBound (o: RangeOptions): Bound | undefined {
  let best: Bound | undefined
  const consider = (key: string | undefined, inclusive: boolean): void => {
    if (key === undefined) return
    const c = best === undefined ? 1 : compareKeys(key, best.key)
    if (c > 0 || (c === 0 && !inclusive)) best = { key, inclusive }
  }
  consider(o.gte, true)
  consider(o.prefix, true)
  consider(o.after, false)
  return best
}

/** True when `key` is at or past the lower bound. */
function fromLower (key: string, lower: Bound | undefined): boolean {
  if (lower === undefined) return true
  const c = compareKeys(key, lower.key)
  return c > 0 || (c === 0 && lower.inclusive)
}

/**
 * Entries in key order, fetching a node only when the scan reaches it: a page costs the path to its
 * first leaf plus the leaves it spans, and stops before fetching a node that cannot hold a match.
 */
export async function * rangeScan (reader: NodeReader, root: MapNode, o: RangeOptions = {}): AsyncGenerator<[string, UrlEntry]> {
  const limit = o.limit ?? Infinity
  if (!(limit >= 0)) throw new InvalidInputError(`range limit must be ≥ 0, got ${o.limit}`)
  if (limit === 0) return
  const lower = lowerBound(o)
  const { lt, prefix } = o
  let yielded = 0
  let done = false

  const beyondUpper = (key: string): boolean =>
    (lt !== undefined && compareKeys(key, lt) >= 0) ||
    (prefix !== undefined && !key.startsWith(prefix) && compareKeys(key, prefix) > 0)

  async function * walk (node: MapNode, after: string | undefined): AsyncGenerator<[string, UrlEntry]> {
    // first index whose key (a leaf's key, or a child's last key) is at or past the lower bound
    let lo = 0
    let hi = node.keys.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (fromLower(node.keys[mid] as string, lower)) hi = mid
      else lo = mid + 1
    }
    for (let i = lo; i < node.keys.length; i++) {
      const key = node.keys[i] as string
      if (isLeaf(node)) {
        if (beyondUpper(key)) { done = true; return }
        yield [key, node.entries[i] as UrlEntry]
        if (++yielded >= limit) { done = true; return }
      } else {
        o.signal?.throwIfAborted()
        yield * walk(await reader.child(node, i, after, { signal: o.signal }), i > 0 ? node.keys[i - 1] : after)
        // every later key is greater than this child's last key
        if (done || beyondUpper(key)) { done = true; return }
      }
    }
  }

  yield * walk(root, undefined)
}
