import type { CID } from 'multiformats/cid'
import { MemoryBlockStore, type BlockGetter } from '../blocks.ts'
import { closest, collectTimeMap, first, latest, next, prev, type MementoRef, type Resolution, type ResolveOptions } from '../chain/index.ts'
import type { Datetime } from '../datetime.ts'
import { KEY_SCHEME, keyCandidates, surt } from '../surt.ts'
import { UrlMap, type UrlEntry } from '../url-map/url-map.ts'
import { keySchemeOf, readArchiveRoot, type ArchiveRoot } from './archive-root.ts'
import { IparoHeaderSource } from './iparo-header-source.ts'
import { nanos } from '../chain/datetime-nanos.ts'
import type { VersionIndex } from '../versions/index.ts'
import { indexedListing, indexedLookup, VersionIndexes } from './indexed-lookups.ts'
import { FileShelf } from '../files/file-shelf.ts'

export interface TimeMapResult {
  url: string
  mementos: Array<{ cid: string, datetime: Datetime }>
  complete: boolean
  unreachable: string[]
  fetches: number
}

/**
 * An archive opened from its root: URL lookups through the URL map, versions through each URL's
 * version index (or, without one, the version links inside IPAROs). No index beyond what the archive
 * itself holds. `fetches` counts IPARO header reads, TimeMap segments and version-index nodes, not the
 * root or URL-map nodes.
 */
export class ArchiveReader {
  private readonly indexes: VersionIndexes
  private shelf: Promise<FileShelf> | undefined = undefined

  private constructor (readonly rootCid: CID, readonly root: ArchiveRoot, readonly urls: UrlMap, readonly source: IparoHeaderSource) {
    this.indexes = new VersionIndexes(urls.blocks)
  }

  /** `source` may be shared between readers: IPAROs are immutable, whichever archive names them. */
  static async open (blocks: BlockGetter, rootCid: CID, source = new IparoHeaderSource(blocks)): Promise<ArchiveReader> {
    const root = await readArchiveRoot(blocks, rootCid)
    return new ArchiveReader(rootCid, root, await UrlMap.load(blocks, root.urls), source)
  }

  /**
   * A whole-file IPARO (`warc`, `wacz`) named by its CID alone, read as an archive of that one file:
   * an empty URL map (built in memory, nothing fetched) and the file on the shelf.
   */
  static async ofFile (blocks: BlockGetter, iparo: CID, source = new IparoHeaderSource(blocks)): Promise<ArchiveReader> {
    const shelf = await FileShelf.single(blocks, iparo)
    const file = shelf.files[0]
    if (file == null) throw new Error('FileShelf.single opened no file')
    const urls = await UrlMap.empty(new MemoryBlockStore())
    const manifest = { title: file.header.name, description: '', created: file.header.datetime, publicKey: new Uint8Array(0), software: '', formats: { iparo: 1, archive: 1, keys: KEY_SCHEME } }
    const root: ArchiveRoot = { type: 'iparo-archive', version: 1, manifest, urls: urls.root, log: null, counts: { urls: 0, mementos: 0 } }
    const reader = new ArchiveReader(iparo, root, urls, source)
    reader.shelf = Promise.resolve(shelf)
    return reader
  }

  /** The URL-map key scheme of this archive (KEY_SCHEME of src/core/surt.ts; 1 for older archives). */
  get keyScheme (): number {
    return keySchemeOf(this.root)
  }

  /** The archive's whole-file IPAROs (root.files; docs/whole-file-iparos.md), their headers read once. */
  async files (): Promise<FileShelf> {
    if (this.shelf == null) {
      const shelf = FileShelf.open(this.urls.blocks, this.root.files)
      // a failed open (a block not reachable yet) must not stick
      shelf.catch(() => { if (this.shelf === shelf) this.shelf = undefined })
      this.shelf = shelf
    }
    return this.shelf
  }

  /** The URL's entry: by its key, then, in an archive of an older key scheme, by its key in that scheme. */
  async lookup (url: string): Promise<UrlEntry | undefined> {
    for (const key of keyCandidates(surt(url), url, this.keyScheme)) {
      const entry = await this.urls.get(key)
      if (entry != null) return entry
    }
    return undefined
  }

  /** A lookup on the URL's version index when it has one, else (or when it fails) on its chain. */
  private async lookupIn (
    entry: UrlEntry, options: ResolveOptions | undefined,
    indexed: (index: VersionIndex) => Promise<MementoRef | undefined>, chained: (head: string) => Promise<Resolution>
  ): Promise<Resolution> {
    return await indexedLookup(this.indexes, this.source, entry, indexed, options) ?? await chained(entry.head.toString())
  }

  /** Closest to `at` (absolute difference, ties to the earlier capture); the latest without `at`. */
  async resolve (entry: UrlEntry, at?: Datetime, options?: ResolveOptions): Promise<Resolution> {
    if (at == null) return this.lookupIn(entry, options, async i => i.latest(), async h => latest(this.source, h, options))
    return this.lookupIn(entry, options, async i => i.closest(at, nanos), async h => closest(this.source, h, at, options))
  }

  async first (entry: UrlEntry, options?: ResolveOptions): Promise<Resolution> {
    return this.lookupIn(entry, options, async i => i.first(), async h => first(this.source, h, options))
  }

  /** The version just before `memento` in time; no memento in the result when it is the first. */
  async prev (entry: UrlEntry, memento: MementoRef, options?: ResolveOptions): Promise<Resolution> {
    return this.lookupIn(entry, options, async i => (await i.neighbours(memento)).prev, async h => prev(this.source, h, memento, options))
  }

  /** The version just after `memento` in time; no memento in the result when it is the last. */
  async next (entry: UrlEntry, memento: MementoRef, options?: ResolveOptions): Promise<Resolution> {
    return this.lookupIn(entry, options, async i => (await i.neighbours(memento)).next, async h => next(this.source, h, memento, options))
  }

  /** Every version in time order: the version index's leaves when the URL has one, else the chain's segments and links. */
  async timemap (entry: UrlEntry, options?: { maxFetches?: number }): Promise<TimeMapResult> {
    const indexed = await indexedListing(this.indexes, entry)
    if (indexed != null) return { url: entry.url, mementos: indexed.mementos.map(m => ({ cid: m.cid, datetime: m.datetime })), complete: true, unreachable: [], fetches: indexed.fetches }
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
