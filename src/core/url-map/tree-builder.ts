import type { CID } from 'multiformats/cid'
import type { BlockStore } from '../blocks.ts'
import { InvalidInputError } from '../errors.ts'
import { isBoundary as urlMapBoundary, NODE_OVERHEAD_BYTES, type BoundaryRule } from './boundary.ts'
import { compareKeys } from './key-order.ts'
import type { MapNode } from './map-node.ts'
import { encodeNode, MAX_LEVEL } from './map-node.ts'
import type { UrlEntry } from './url-entry.ts'
import { cidBytes, stringBytes } from './url-entry.ts'

export type BlockSink = Pick<BlockStore, 'put'>

/** A link to a finished node, as its parent holds it. */
export interface ChildRef {
  /** the node's last key */
  key: string
  cid: CID
  count: number
}

export interface BuiltTree {
  root: CID
  node?: MapNode
  count: number
  /** the root's level (height − 1) */
  level: number
}

interface Pending {
  keys: string[]
  entries: UrlEntry[]
  children: CID[]
  counts: number[]
  bytes: number
  total: number
}

const emptyPending = (): Pending => ({ keys: [], entries: [], children: [], counts: [], bytes: NODE_OVERHEAD_BYTES, total: 0 })

/**
 * Streams sorted items into canonical prolly-tree nodes, bottom-up, one open node per level.
 * Existing subtrees can be adopted whole (`addChild`) when every level below is at a node boundary:
 * chunking restarts there, so rebuilding that subtree would give back the same node.
 */
export class TreeBuilder {
  private readonly levels: Pending[] = []
  /** nodes finished or adopted, per level */
  private readonly nodes: number[] = []
  private readonly lastKeys: Array<string | undefined> = []
  /** blocks this builder wrote */
  written = 0

  constructor (
    private readonly sink: BlockSink,
    private readonly onNode?: (cid: CID, node: MapNode) => void,
    private readonly isBoundary: BoundaryRule = urlMapBoundary
  ) {}

  private pending (level: number): Pending {
    let p = this.levels[level]
    if (p == null) {
      if (level > MAX_LEVEL) throw new InvalidInputError(`URL map deeper than ${MAX_LEVEL} levels`)
      p = emptyPending()
      this.levels[level] = p
    }
    return p
  }

  private order (level: number, key: string): void {
    const last = this.lastKeys[level]
    if (last !== undefined && compareKeys(last, key) >= 0) {
      throw new InvalidInputError(`URL-map keys out of order: ${JSON.stringify(key)} after ${JSON.stringify(last)}`)
    }
    this.lastKeys[level] = key
  }

  /** True when no level below `level` has an open node. */
  emptyBelow (level: number): boolean {
    for (let l = 0; l < level; l++) {
      if ((this.levels[l]?.keys.length ?? 0) > 0) return false
    }
    return true
  }

  /** `entry` must be frozen and valid; `bytes` is entryBytes(key, entry). */
  async addEntry (key: string, entry: UrlEntry, bytes: number): Promise<void> {
    this.order(0, key)
    const p = this.pending(0)
    p.keys.push(key)
    p.entries.push(entry)
    p.bytes += bytes
    p.total++
    if (this.isBoundary(0, key, p.keys.length, p.bytes)) await this.close(0)
  }

  /** Appends a link to a finished node of level `level − 1` to the open node of `level`. */
  async addChild (level: number, ref: ChildRef): Promise<void> {
    this.order(level, ref.key)
    this.nodes[level - 1] = (this.nodes[level - 1] ?? 0) + 1
    const p = this.pending(level)
    p.keys.push(ref.key)
    p.children.push(ref.cid)
    p.counts.push(ref.count)
    p.bytes += stringBytes(ref.key) + cidBytes(ref.cid) + 9
    p.total += ref.count
    if (this.isBoundary(level, ref.key, p.keys.length, p.bytes)) await this.close(level)
  }

  private async close (level: number): Promise<void> {
    const p = this.pending(level)
    this.levels[level] = emptyPending()
    const node: MapNode = level === 0
      ? { level: 0, keys: p.keys, entries: p.entries }
      : { level, keys: p.keys, children: p.children, counts: p.counts }
    const { cid, bytes } = await encodeNode(node)
    await this.sink.put(cid, bytes)
    this.written++
    this.onNode?.(cid, node)
    await this.addChild(level + 1, { key: p.keys[p.keys.length - 1] as string, cid, count: p.total })
  }

  /** Closes every open node; the root is the lowest level holding exactly one node. */
  async finish (): Promise<BuiltTree> {
    for (let level = 0; ; level++) {
      if ((this.levels[level]?.keys.length ?? 0) > 0) await this.close(level)
      const n = this.nodes[level] ?? 0
      if (n === 0) {
        // only an empty map has no node at all
        const node: MapNode = { level: 0, keys: [], entries: [] }
        const { cid, bytes } = await encodeNode(node)
        await this.sink.put(cid, bytes)
        this.written++
        this.onNode?.(cid, node)
        return { root: cid, node, count: 0, level: 0 }
      }
      if (n === 1) {
        const top = this.pending(level + 1)
        return { root: top.children[0] as CID, count: top.counts[0] as number, level }
      }
    }
  }
}
