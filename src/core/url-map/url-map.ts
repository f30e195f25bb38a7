import type { CID } from 'multiformats/cid'
import type { BlockGetter, BlockOptions, BlockStore } from '../blocks.ts'
import { InvalidInputError } from '../errors.ts'
import type { UrlMapChange } from './bulk-update.ts'
import type { BoundaryRule } from './boundary.ts'
import { applyChanges, checkedEntry, checkKey } from './bulk-update.ts'
import { lowerBound } from './key-order.ts'
import type { MapNode } from './map-node.ts'
import { isLeaf, nodeCount } from './map-node.ts'
import { NodeReader } from './node-reader.ts'
import { rankOf, scanFromIndex } from './position-scan.ts'
import type { RangeOptions } from './range-scan.ts'
import { rangeScan } from './range-scan.ts'
import { TreeBuilder } from './tree-builder.ts'
import type { UrlEntry } from './url-entry.ts'

export type { UrlMapChange } from './bulk-update.ts'
export type { RangeOptions } from './range-scan.ts'
export type { UrlEntry } from './url-entry.ts'
export { compareKeys } from './key-order.ts'
export { MAX_ITEM_BYTES } from './boundary.ts'
export type { BoundaryRule } from './boundary.ts'

export interface UrlMapOptions {
  /** decoded nodes kept in memory (shared by maps derived with `at`); 0 turns the cache off */
  cacheSize?: number
  /**
   * Where writes cut nodes (default: the URL map's rule, boundary.ts). Every writer of one kind of map
   * must use the same rule, or equal contents stop giving equal roots; readers need not know it.
   */
  boundary?: BoundaryRule
}

const DEFAULT_CACHE_SIZE = 128

function isBlockStore (b: BlockGetter): b is BlockStore {
  return typeof (b as Partial<BlockStore>).put === 'function'
}

/**
 * The archive's URL map: SURT key → UrlEntry, as an immutable prolly tree of dag-cbor nodes
 * (docs/url-map.md). A UrlMap is one version, named by its root CID; writes return the root CID of
 * a new version and leave every old one readable. Entries read from the map are frozen.
 */
export class UrlMap {
  private constructor (
    readonly blocks: BlockGetter,
    readonly root: CID,
    private readonly rootNode: MapNode,
    private readonly reader: NodeReader,
    private readonly boundary?: BoundaryRule
  ) {}

  /** The empty map (writes its one empty leaf to `store`). */
  static async empty (store: BlockStore, options: UrlMapOptions = {}): Promise<UrlMap> {
    return UrlMap.fromSorted(store, [], options)
  }

  /** Opens a version: fetches and validates the root node (one block). */
  static async load (blocks: BlockGetter, root: CID, options: UrlMapOptions = {}): Promise<UrlMap> {
    const reader = new NodeReader(blocks, options.cacheSize ?? DEFAULT_CACHE_SIZE)
    return new UrlMap(blocks, root, await reader.load(root), reader, options.boundary)
  }

  /**
   * Builds a map from entries in strictly ascending key order (compareKeys: by code point) in one
   * streaming pass, writing each node once. Same entries, same root CID as any sequence of updates.
   */
  static async fromSorted (store: BlockStore, entries: Iterable<readonly [string, UrlEntry]> | AsyncIterable<readonly [string, UrlEntry]>, options: UrlMapOptions = {}): Promise<UrlMap> {
    const reader = new NodeReader(store, options.cacheSize ?? DEFAULT_CACHE_SIZE)
    const builder = new TreeBuilder(store, (cid, node) => { reader.remember(cid.toString(), node) }, options.boundary)
    for await (const [key, value] of entries) {
      const { entry, bytes } = checkedEntry(checkKey(key), value)
      await builder.addEntry(key, entry, bytes)
    }
    const built = await builder.finish()
    return new UrlMap(store, built.root, built.node ?? await reader.load(built.root), reader, options.boundary)
  }

  /** Another version on the same blocks, sharing this map's node cache. */
  async at (root: CID): Promise<UrlMap> {
    return new UrlMap(this.blocks, root, await this.reader.load(root), this.reader, this.boundary)
  }

  /** Number of entries (read from the root: no fetch). */
  get count (): number {
    return nodeCount(this.rootNode)
  }

  /** Levels of nodes: 1 for a single leaf. A lookup fetches `height` blocks, the root included. */
  get height (): number {
    return this.rootNode.level + 1
  }

  async get (key: string, options?: BlockOptions): Promise<UrlEntry | undefined> {
    let node = this.rootNode
    let after: string | undefined
    for (;;) {
      // first index whose key is ≥ `key`: the entry itself, or the child whose range holds it
      const lo = lowerBound(node.keys, key)
      if (lo === node.keys.length) return undefined
      if (isLeaf(node)) return node.keys[lo] === key ? node.entries[lo] : undefined
      const child = await this.reader.child(node, lo, after, options)
      after = lo > 0 ? node.keys[lo - 1] : after
      node = child
    }
  }

  async has (key: string, options?: BlockOptions): Promise<boolean> {
    return (await this.get(key, options)) !== undefined
  }

  /** Entries in key order, streamed; see RangeOptions. */
  range (options: RangeOptions = {}): AsyncIterable<[string, UrlEntry]> {
    return rangeScan(this.reader, this.rootNode, options)
  }

  /** How many keys sort before `key` (whether or not it is in the map): one node per level. */
  async rank (key: string): Promise<number> {
    return rankOf(this.reader, this.rootNode, key)
  }

  /** Up to `limit` entries from position `index` in key order: random access for paged lists. */
  rangeAt (index: number, limit: number, signal?: AbortSignal): AsyncIterable<[string, UrlEntry]> {
    return scanFromIndex(this.reader, this.rootNode, index, limit, signal)
  }

  /**
   * Applies many changes in one pass and returns the new root CID. Changes to one key are applied
   * in the order given. Writes only the nodes that change: O(changes × height) blocks.
   */
  async bulkUpdate (changes: readonly UrlMapChange[]): Promise<CID> {
    if (!isBlockStore(this.blocks)) throw new InvalidInputError('this URL map was opened on a read-only block source')
    if (changes.length === 0) return this.root
    const builder = new TreeBuilder(this.blocks, (cid, node) => { this.reader.remember(cid.toString(), node) }, this.boundary)
    await applyChanges(this.reader, builder, this.rootNode, changes)
    return (await builder.finish()).root
  }

  async set (key: string, entry: UrlEntry): Promise<CID> {
    return this.bulkUpdate([{ key, update: () => entry }])
  }

  async delete (key: string): Promise<CID> {
    return this.bulkUpdate([{ key, update: () => undefined }])
  }

  /**
   * Every node's CID, root first, depth-first. The nodes' child links and the entries' `head` links
   * are ordinary dag-cbor links, so generic DAG walkers (CAR export, pinning) follow them too.
   */
  async * walkBlocks (options?: BlockOptions): AsyncGenerator<CID> {
    const reader = this.reader
    async function * walk (cid: CID, node: MapNode, after: string | undefined): AsyncGenerator<CID> {
      yield cid
      if (isLeaf(node)) return
      for (let i = 0; i < node.children.length; i++) {
        yield * walk(node.children[i] as CID, await reader.child(node, i, after, options), i > 0 ? node.keys[i - 1] : after)
      }
    }
    yield * walk(this.root, this.rootNode, undefined)
  }
}
