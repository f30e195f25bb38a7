import { CID } from 'multiformats/cid'
import { readArchiveRoot } from '../../core/archive/archive-root.ts'
import type { BlockGetter } from '../../core/blocks.ts'
import type { NamespaceLayout } from '../../core/namespace/namespace-layout.ts'
import { DEFAULT_SCAN_LAYOUT, distinctLayouts } from '../../core/namespace/namespace-scan.ts'
import type { ArchiveRegistry } from '../archive-registry.ts'

/**
 * The layouts a scan tries when none is named: those the local archives' manifests record (each
 * once, archives in name order), else the default one. An archive whose root cannot be read here is
 * passed over: its layout is unknown, not an error of the scan.
 */
export async function localLayouts (registry: Pick<ArchiveRegistry, 'list'>, blocks: BlockGetter): Promise<NamespaceLayout[]> {
  const found: NamespaceLayout[] = []
  for (const archive of await registry.list()) {
    const namespace = await readArchiveRoot(blocks, CID.parse(archive.root)).then(r => r.manifest.namespace, () => undefined)
    if (namespace != null) found.push(namespace)
  }
  const layouts = distinctLayouts(found)
  return layouts.length > 0 ? layouts : [DEFAULT_SCAN_LAYOUT]
}
