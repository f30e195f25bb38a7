import { CID } from 'multiformats/cid'
import { readArchiveRoot } from '../../core/archive/archive-root.ts'
import type { BlockGetter } from '../../core/blocks.ts'
import { setBounded } from '../../core/bounded-map.ts'
import type { NamespaceLayout } from '../../core/namespace/namespace-layout.ts'
import { DEFAULT_SCAN_LAYOUT, distinctLayouts } from '../../core/namespace/namespace-scan.ts'
import type { ArchiveRegistry } from '../archive-registry.ts'

/** Each root's layout (null: none), by root CID: roots never change. */
export type KnownLayouts = Map<string, NamespaceLayout | null>
// roots remembered at once: every local archive's current one, and a few it moved on from
const KNOWN = 256

/**
 * The layouts a scan tries when none is named: those the local archives' manifests record (each
 * once, archives in name order), else the default one. An archive whose root cannot be read here is
 * passed over: its layout is unknown, not an error of the scan. With `known`, each root is read once
 * (`_local` asks on every request; only the names are read again, so a new ingest shows at once).
 */
export async function localLayouts (registry: Pick<ArchiveRegistry, 'list'>, blocks: BlockGetter, known: KnownLayouts = new Map()): Promise<NamespaceLayout[]> {
  const found: NamespaceLayout[] = []
  for (const archive of await registry.list()) {
    let layout = known.get(archive.root)
    if (layout === undefined) {
      // a root not read is not remembered: it is tried again next time
      layout = await readArchiveRoot(blocks, CID.parse(archive.root)).then(r => r.manifest.namespace ?? null, () => undefined)
      if (layout !== undefined) setBounded(known, KNOWN, archive.root, layout)
    }
    if (layout != null) found.push(layout)
  }
  const layouts = distinctLayouts(found)
  return layouts.length > 0 ? layouts : [DEFAULT_SCAN_LAYOUT]
}
