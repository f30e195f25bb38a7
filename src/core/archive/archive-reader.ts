import type { CID } from 'multiformats/cid'
import type { BlockGetter } from '../blocks.ts'
import { closest, collectTimeMap, first, latest, next, prev, type MementoRef, type Resolution, type ResolveOptions } from '../chain/index.ts'
import type { Datetime } from '../datetime.ts'
import { surt } from '../surt.ts'
import { UrlMap, type UrlEntry } from '../url-map/url-map.ts'
import { readArchiveRoot, type ArchiveRoot } from './archive-root.ts'
import { IparoHeaderSource } from './iparo-header-source.ts'

export interface TimeMapResult {
  url: string
  mementos: Array<{ cid: string, datetime: Datetime }>
  complete: boolean
  unreachable: string[]
  fetches: number
}

/**
 * An archive opened from its root: URL lookups through the URL map, everything else through the
 * version links inside IPAROs. No index beyond what the archive itself holds. `fetches` counts IPARO
 * header reads (and TimeMap segments), not the root or URL-map nodes.
 */
export class ArchiveReader {
  private constructor (readonly rootCid: CID, readonly root: ArchiveRoot, readonly urls: UrlMap, readonly source: IparoHeaderSource) {}

  /** `source` may be shared between readers: IPAROs are immutable, whichever archive names them. */
  static async open (blocks: BlockGetter, rootCid: CID, source = new IparoHeaderSource(blocks)): Promise<ArchiveReader> {
    const root = await readArchiveRoot(blocks, rootCid)
    return new ArchiveReader(rootCid, root, await UrlMap.load(blocks, root.urls), source)
  }

  async lookup (url: string): Promise<UrlEntry | undefined> {
    return this.urls.get(surt(url))
  }

  /** Closest to `at` (absolute difference, ties to the earlier capture); the latest without `at`. */
  async resolve (entry: UrlEntry, at?: Datetime, options?: ResolveOptions): Promise<Resolution> {
    const head = entry.head.toString()
    return at == null ? latest(this.source, head, options) : closest(this.source, head, at, options)
  }

  async first (entry: UrlEntry, options?: ResolveOptions): Promise<Resolution> {
    return first(this.source, entry.head.toString(), options)
  }

  /** The version just before `memento` in time; no memento in the result when it is the first. */
  async prev (entry: UrlEntry, memento: MementoRef, options?: ResolveOptions): Promise<Resolution> {
    return prev(this.source, entry.head.toString(), memento, options)
  }

  /** The version just after `memento` in time; no memento in the result when it is the last. */
  async next (entry: UrlEntry, memento: MementoRef, options?: ResolveOptions): Promise<Resolution> {
    return next(this.source, entry.head.toString(), memento, options)
  }

  async timemap (entry: UrlEntry, options?: { maxFetches?: number }): Promise<TimeMapResult> {
    const listing = await collectTimeMap(this.source, entry.head.toString(), options)
    return {
      url: entry.url,
      mementos: listing.entries.map(m => ({ cid: m.cid, datetime: m.datetime })),
      complete: listing.report.complete,
      unreachable: listing.report.unreachable,
      fetches: listing.report.fetches
    }
  }
}
