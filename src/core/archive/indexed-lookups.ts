import type { CID } from 'multiformats/cid'
import type { BlockGetter } from '../blocks.ts'
import { setBounded } from '../bounded-map.ts'
import type { HeaderSource, MementoRef, Resolution, ResolveOptions } from '../chain/index.ts'
import type { UrlEntry } from '../url-map/url-map.ts'
import { VersionIndex } from '../versions/index.ts'

/** Version indexes kept open per reader: one replayed memento makes five lookups on its URL's index. */
const INDEXES_KEPT = 64

/**
 * The version indexes of one archive reader, opened once each: their decoded nodes are shared by the
 * lookups a replay makes (closest, then first, last, prev and next for its Link header), which read
 * each node once instead of once per lookup. An index that failed to open (a block not reachable yet)
 * is opened again next time.
 */
export class VersionIndexes {
  private readonly open = new Map<string, Promise<VersionIndex>>()

  constructor (private readonly blocks: BlockGetter) {}

  of (root: CID): Promise<VersionIndex> {
    const key = root.toString()
    let index = this.open.get(key)
    if (index == null) {
      index = VersionIndex.open(this.blocks, root)
      index.catch(() => { this.open.delete(key) })
      setBounded(this.open, INDEXES_KEPT, key, index)
    }
    return index
  }
}

/**
 * Runs a lookup on the URL's version index, as a chain Resolution; undefined when the URL has no index
 * or the index cannot answer (a block missing or malformed, an answer whose own header contradicts it
 * under `verify`): the caller then searches the version chain, which holds the same versions. `fetches`
 * counts the index blocks this lookup read (exact for lookups one after another; concurrent lookups on
 * one index may count a block the other read).
 */
export async function indexedLookup (
  indexes: VersionIndexes, source: HeaderSource, entry: UrlEntry,
  lookup: (index: VersionIndex) => Promise<MementoRef | undefined>, options?: ResolveOptions
): Promise<Resolution | undefined> {
  if (entry.versions == null) return undefined
  try {
    const index = await indexes.of(entry.versions)
    const before = index.reads
    const found = await lookup(index)
    let fetches = index.reads - before
    if (found != null && options?.verify === true) {
      fetches++
      const h = await source.header(found.cid, options)
      if (h.seq !== found.seq || h.datetime !== found.datetime) return undefined
    }
    const memento = found == null ? undefined : { cid: found.cid, datetime: found.datetime, seq: found.seq }
    return { ...(memento != null ? { memento } : {}), fetches, complete: true, unreachable: [], unresolved: [] }
  } catch (err) {
    if (options?.signal?.aborted === true) throw err
    return undefined
  }
}

/** Every version in time order from the index, or undefined (as for indexedLookup). */
export async function indexedListing (
  indexes: VersionIndexes, entry: UrlEntry, signal?: AbortSignal
): Promise<{ mementos: MementoRef[], fetches: number } | undefined> {
  if (entry.versions == null) return undefined
  try {
    const index = await indexes.of(entry.versions)
    const before = index.reads
    const mementos: MementoRef[] = []
    for await (const v of index.list(signal)) mementos.push({ cid: v.cid, datetime: v.datetime, seq: v.seq })
    // an index that does not hold every version the entry counts is not the whole answer
    return mementos.length === entry.count ? { mementos, fetches: index.reads - before } : undefined
  } catch (err) {
    if (signal?.aborted === true) throw err
    return undefined
  }
}
