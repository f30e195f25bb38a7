import { generateKeyPair, privateKeyToProtobuf, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import type { CID } from 'multiformats/cid'
import { ARCHIVE_FORMAT_VERSION, type ArchiveRoot, type Manifest } from '../../core/archive/archive-root.ts'
import { IPARO_FORMAT_VERSION } from '../../core/iparo/iparo-header.ts'
import { checkArchiveName } from '../../core/naming/archive-name.ts'
import type { ArchiveRecord, ArchiveRegistry } from '../archive-registry.ts'
import { SOFTWARE } from '../software.ts'

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
  // the manifest registry.create writes for a new archive
  const manifest: Manifest = {
    title: name,
    description: '',
    created: now.toISOString().replace(/\.000Z$/, 'Z'),
    publicKey: publicKeyToProtobuf(key.publicKey),
    software: SOFTWARE,
    formats: { iparo: IPARO_FORMAT_VERSION, archive: ARCHIVE_FORMAT_VERSION }
  }
  return { from: { manifest }, before, publish: async (cid) => registry.importKey(name, privateKeyToProtobuf(key), cid) }
}
