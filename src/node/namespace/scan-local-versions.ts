import type { BlockGetter } from '../../core/blocks.ts'
import { scanNamespaces } from '../../core/namespace/namespace-scan.ts'
import { ScannedVersions } from '../../core/namespace/scanned-versions.ts'
import type { UrlVersions } from '../../core/replay/url-versions.ts'
import type { ArchiveRegistry } from '../archive-registry.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import { localLayouts, type KnownLayouts } from './scan-layouts.ts'
import { embeddedCandidates } from './scan-store.ts'

/** What `_local` replays a URL from (ReplayHandlerOptions.localVersions): undefined when nothing is found. */
export type LocalVersions = (url: string, signal?: AbortSignal) => Promise<UrlVersions | undefined>

export interface LocalVersionsOptions {
  /** how long a scan's answer is reused while the store holds as many blocks (default 2 s) */
  keepMs?: number
  now?: () => number
}

// answers kept at once: a page's TimeGate, URI-M and TimeMap, over a few pages
const KEPT = 64

interface Kept { stamp: number, until: number, versions: Promise<UrlVersions | undefined> }

/**
 * The local node's `_local` archive part: every capture of a URL this node holds in a namespace its
 * archives record, found by scanning the store's keys. A scan of 1M keys costs tens of milliseconds
 * (docs/namespacing.md), and one page view asks for a URL several times (TimeGate, URI-M, TimeMap): an
 * answer is kept for a moment, and only while the store is unchanged (its change stamp), so an ingest shows
 * at once.
 */
export function localVersions (store: Pick<EmbeddedStore, 'blockstore' | 'dir'>, registry: Pick<ArchiveRegistry, 'list'>, blocks: BlockGetter, options: LocalVersionsOptions = {}): LocalVersions {
  const keepMs = options.keepMs ?? 2_000
  const now = options.now ?? Date.now
  const kept = new Map<string, Kept>()
  const known: KnownLayouts = new Map()
  return async (url, signal) => {
    const layouts = await localLayouts(registry, blocks, known)
    const stamp = await store.blockstore.changeStamp()
    const key = `${layouts.map(l => `${l.bits}:${l.urlBits}`).join(',')} ${url}`
    const hit = kept.get(key)
    if (hit != null && hit.stamp === stamp && hit.until > now()) return hit.versions
    const versions = scanNamespaces(url, layouts, embeddedCandidates(store), blocks, signal).then(s => ScannedVersions.of(blocks, s))
    kept.delete(key)
    kept.set(key, { stamp, until: now() + keepMs, versions })
    // a failed scan (an abort, a disk) is not kept
    versions.catch(() => { if (kept.get(key)?.versions === versions) kept.delete(key) })
    for (const oldest of kept.keys()) {
      if (kept.size <= KEPT) break
      kept.delete(oldest)
    }
    return versions
  }
}
