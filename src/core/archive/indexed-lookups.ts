import type { BlockGetter } from '../blocks.ts'
import type { HeaderSource, MementoRef, Resolution, ResolveOptions } from '../chain/index.ts'
import type { UrlEntry } from '../url-map/url-map.ts'
import { VersionIndex } from '../versions/index.ts'

/**
 * Runs a lookup on the URL's version index, as a chain Resolution; undefined when the URL has no index
 * or the index cannot answer (a block missing or malformed, an answer whose own header contradicts it
 * under `verify`): the caller then searches the version chain, which holds the same versions.
 */
export async function indexedLookup (
  blocks: BlockGetter, source: HeaderSource, entry: UrlEntry,
  lookup: (index: VersionIndex) => Promise<MementoRef | undefined>, options?: ResolveOptions
): Promise<Resolution | undefined> {
  if (entry.versions == null) return undefined
  try {
    const index = await VersionIndex.open(blocks, entry.versions)
    const found = await lookup(index)
    let fetches = index.reads
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
  blocks: BlockGetter, entry: UrlEntry, signal?: AbortSignal
): Promise<{ mementos: MementoRef[], fetches: number } | undefined> {
  if (entry.versions == null) return undefined
  try {
    const index = await VersionIndex.open(blocks, entry.versions)
    const mementos: MementoRef[] = []
    for await (const v of index.list(signal)) mementos.push({ cid: v.cid, datetime: v.datetime, seq: v.seq })
    // an index that does not hold every version the entry counts is not the whole answer
    return mementos.length === entry.count ? { mementos, fetches: index.reads } : undefined
  } catch (err) {
    if (signal?.aborted === true) throw err
    return undefined
  }
}
