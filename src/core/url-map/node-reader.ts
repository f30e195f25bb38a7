import type { CID } from 'multiformats/cid'
import type { BlockGetter, BlockOptions } from '../blocks.ts'
import { setBounded } from '../bounded-map.ts'
import type { BranchNode, MapNode } from './map-node.ts'
import { checkChild, decodeNode, expectationOf } from './map-node.ts'

/**
 * Reads nodes through a BlockGetter, decoding and validating each, with a small LRU of decoded nodes
 * (nodes are immutable, so a CID always decodes to the same node). Every block fetch goes through
 * the getter, so fetch counts measure the map's real cost. The getter is trusted to deliver the
 * bytes of the CID asked for: wrap untrusted sources with verifyingGetter.
 */
export class NodeReader {
  private readonly cache = new Map<string, MapNode>()

  constructor (readonly blocks: BlockGetter, readonly cacheSize: number) {}

  async load (cid: CID, options?: BlockOptions): Promise<MapNode> {
    const id = cid.toString()
    const hit = this.cache.get(id)
    if (hit != null) {
      this.cache.delete(id)
      this.cache.set(id, hit)
      return hit
    }
    const node = decodeNode(cid, await this.blocks.get(cid, options))
    this.remember(id, node)
    return node
  }

  /** Child `index` of `parent`, checked against what `parent` says of it. */
  async child (parent: BranchNode, index: number, after: string | undefined, options?: BlockOptions): Promise<MapNode> {
    const cid = parent.children[index] as CID
    const node = await this.load(cid, options)
    checkChild(cid, node, expectationOf(parent, index, after))
    return node
  }

  /** Adds a node this process just built (its CID is its own, no fetch needed to trust it). */
  remember (id: string, node: MapNode): void {
    if (this.cacheSize <= 0) return
    setBounded(this.cache, this.cacheSize, id, node)
  }
}
