import { CID } from 'multiformats/cid'
import type { BlockGetter, BlockOptions, BlockStore } from '../blocks.ts'
import type { Datetime } from '../datetime.ts'
import { UrlMap, type UrlEntry } from '../url-map/url-map.ts'
import { instantPrefix } from '../versions/version-key.ts'
import type { Annotation } from './annotation-iparo.ts'

/** One annotation as the index names it: enough to list and link it without reading the IPARO. */
export interface AnnotationRef {
  /** the annotation IPARO */
  cid: string
  /** when it was made */
  datetime: Datetime
  /** the memento IPARO it is about */
  target: string
}

/** Annotations one listing returns at most (per memento): a page of notes, not a crawl. */
export const MAX_LISTED = 1000

/**
 * `TARGET-CID DATETIME ANNOTATION-CID`, the datetime padded to nanoseconds (src/core/versions/version-key.ts):
 * one memento's annotations are one key range, in the order they were made.
 */
export function annotationKey (target: string, created: Datetime, cid: string): string {
  return `${target} ${instantPrefix(created)}${cid}`
}

function refOf (key: string, entry: UrlEntry): AnnotationRef {
  return { cid: entry.head.toString(), datetime: entry.first, target: key.slice(0, key.indexOf(' ')) }
}

/**
 * The archive's annotations (the root's `annotations` link): a URL map (the same prolly tree of dag-cbor
 * nodes, docs/url-map.md) keyed by annotationKey, whose entries' `head` is a real IPLD link to the
 * annotation IPARO, so pinning the archive root keeps every annotation. `url` is the target's URI-M,
 * `first` and `last` the annotation's datetime, `count` 1.
 */
export class AnnotationIndex {
  private constructor (readonly map: UrlMap) {}

  static async open (blocks: BlockGetter, root: CID): Promise<AnnotationIndex> {
    return new AnnotationIndex(await UrlMap.load(blocks, root))
  }

  /** Adds annotations to the index at `root` (a new index when undefined); returns the new root. */
  static async add (store: BlockStore, root: CID | undefined, annotations: readonly Annotation[]): Promise<CID> {
    const map = root == null ? await UrlMap.empty(store) : await UrlMap.load(store, root)
    return map.bulkUpdate(annotations.map(a => {
      const entry: UrlEntry = { url: a.header.target.uriM, head: CID.parse(a.cid), first: a.header.datetime, last: a.header.datetime, count: 1 }
      return { key: annotationKey(a.header.target.cid, a.header.datetime, a.cid), update: () => entry }
    }))
  }

  get count (): number {
    return this.map.count
  }

  /** The annotations of one memento, oldest first: the path to one leaf, plus the leaves they span. */
  async forTarget (target: string, options: BlockOptions & { limit?: number } = {}): Promise<AnnotationRef[]> {
    const out: AnnotationRef[] = []
    const scan = this.map.range({ prefix: `${target} `, limit: options.limit ?? MAX_LISTED, ...(options.signal != null ? { signal: options.signal } : {}) })
    for await (const [key, entry] of scan) out.push(refOf(key, entry))
    return out
  }

  /** Every annotation, by target then datetime. */
  async * all (signal?: AbortSignal): AsyncGenerator<AnnotationRef> {
    for await (const [key, entry] of this.map.range(signal != null ? { signal } : {})) yield refOf(key, entry)
  }
}
