import { generateKeyPair, privateKeyToProtobuf, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import type { CID } from 'multiformats/cid'
import type { ArchiveRoot, Manifest } from '../../core/archive/archive-root.ts'
import { checkArchiveName } from '../../core/naming/archive-name.ts'
import type { ArchiveRecord, ArchiveRegistry } from '../archive-registry.ts'
import { newManifest } from '../new-manifest.ts'

/**
 * The archive an ingest appends to: an existing archive's root, or a new archive's manifest. A new
 * archive gets its name (key file, local record, IPNS record) only in `publish`, once something was
 * ingested: an ingest that read nothing leaves no empty archive behind (its few blocks are garbage
 * that `iparo gc` collects).
 */
export interface IngestTarget {
  from: { root: ArchiveRoot } | { manifest: Manifest }
  /** the archive as it was before the ingest; undefined when it is new */
  before: ArchiveRecord | undefined
  /** Points the name at `root` (making the archive when new) and signs its IPNS record. */
  publish: (root: CID) => Promise<ArchiveRecord>
}

/** Call while holding the archives lock, as `registry.create` would. */
export async function ingestTarget (registry: ArchiveRegistry, name: string, now = new Date()): Promise<IngestTarget> {
  checkArchiveName(name)
  const before = await registry.get(name)
  if (before != null) {
    const { root } = await registry.root(name)
    return { from: { root }, before, publish: async (cid) => registry.setRoot(name, cid) }
  }
  const key = await generateKeyPair('Ed25519')
  const manifest = newManifest({ title: name, publicKey: publicKeyToProtobuf(key.publicKey) }, now)
  return { from: { manifest }, before, publish: async (cid) => registry.importKey(name, privateKeyToProtobuf(key), cid) }
}
