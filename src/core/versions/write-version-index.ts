import type { CID } from 'multiformats/cid'
import type { BlockStore } from '../blocks.ts'
import type { MementoRef } from '../chain/index.ts'
import { UrlMap, type UrlEntry } from '../url-map/url-map.ts'
import { versionBoundary } from './version-boundary.ts'
import { versionKey } from './version-key.ts'

/** A version to index: its IPARO, datetime and seq, and the URL as captured. */
export interface VersionToIndex extends MementoRef {
  url: string
}

/** The options every version index is written with: its node boundaries are part of its format. */
export const VERSION_INDEX_OPTIONS = { boundary: versionBoundary, cacheSize: 16 }

function entryOf (v: VersionToIndex, head: CID): UrlEntry {
  return { url: v.url, head, first: v.datetime, last: v.datetime, count: 1 }
}

/**
 * Writes a version index holding `versions`, or `base`'s versions plus `versions`, and returns its
 * root. Only the nodes on the paths to the changed leaves are written (and read): a run adding k
 * versions of one URL costs about k / 145 + 2 nodes. The result depends on the set of versions
 * alone, never on the order they were added in.
 */
export async function writeVersionIndex (
  store: BlockStore, base: UrlMap | undefined, versions: ReadonlyArray<VersionToIndex & { head: CID }>
): Promise<UrlMap> {
  const changes = versions.map(v => ({ key: versionKey(v.datetime, v.seq), value: entryOf(v, v.head) }))
  if (base == null) {
    changes.sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
    return UrlMap.fromSorted(store, changes.map(c => [c.key, c.value] as const), VERSION_INDEX_OPTIONS)
  }
  return base.at(await base.bulkUpdate(changes.map(c => ({ key: c.key, update: () => c.value }))))
}

/** Opens an index for reading and updating (writes need `store` to be a BlockStore). */
export async function openVersionIndex (store: BlockStore, root: CID): Promise<UrlMap> {
  return UrlMap.load(store, root, VERSION_INDEX_OPTIONS)
}
