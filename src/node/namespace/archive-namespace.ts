import type { ArchiveRoot, Manifest } from '../../core/archive/archive-root.ts'
import { namespaceClaim, parseNamespaceOption, type NamespaceLayout } from '../../core/namespace/namespace-layout.ts'

type IngestFrom = { root: ArchiveRoot } | { manifest: Manifest }

/** What an ingest starts from, with the layout its manifest will record, and the layout to grind into. */
export interface ArchiveNamespace {
  from: IngestFrom
  /** undefined: this run's IPAROs are not ground (and the manifest records no layout) */
  layout: NamespaceLayout | undefined
}

function withManifest (from: IngestFrom, manifest: Manifest): IngestFrom {
  return 'root' in from ? { root: { ...from.root, manifest } } : { manifest }
}

/**
 * The layout of an ingest's run: `--namespace BITS[:URLBITS]` when given (0 or 0:0 removing the
 * archive's), else the one its manifest records. The archive writer commits the manifest it was opened
 * with, so the result's `from` carries the layout, and the new root records it for later runs; IPAROs
 * made under an earlier layout keep theirs (their headers say which).
 */
export function archiveNamespace (from: IngestFrom, option: string | undefined): ArchiveNamespace {
  const manifest = 'root' in from ? from.root.manifest : from.manifest
  const recorded = manifest.namespace
  if (option == null) return { from, layout: recorded != null ? { bits: recorded.bits, urlBits: recorded.urlBits } : undefined }
  const layout = parseNamespaceOption(option)
  // a key absent, not undefined: dag-cbor cannot encode undefined
  const rest: Manifest = { ...manifest }
  delete rest.namespace
  if (layout.bits + layout.urlBits === 0) return { from: withManifest(from, rest), layout: undefined }
  return { from: withManifest(from, { ...rest, namespace: namespaceClaim(layout) }), layout }
}
