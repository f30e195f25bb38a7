import type { CID } from 'multiformats/cid'
import type { NamespaceLayout } from '../../core/namespace/namespace-layout.ts'
import { ingestNamespaced } from '../../core/namespace/namespaced-ingest.test-support.ts'
import { fixtureFile, type WarcFile } from '../../core/ingest/ingest-replay.test-support.ts'
import { ArchiveRegistry } from '../archive-registry.ts'
import type { EmbeddedStore } from '../embedded-store.ts'

/**
 * A local archive `name` of the files (fixture names, or names and bytes), its IPAROs ground into `layout` and its manifest recording
 * it, its name and IPNS record moved as `iparo ingest --namespace` moves them.
 */
export async function namespacedArchive (store: EmbeddedStore, name: string, files: Array<string | WarcFile>, layout: NamespaceLayout): Promise<{ rootCid: CID, ipns: string }> {
  const registry = new ArchiveRegistry(store)
  await registry.create(name)
  const { root } = await registry.root(name)
  const { rootCid } = await ingestNamespaced(store.blocks, files.map(f => typeof f === 'string' ? fixtureFile(f) : f), layout, root)
  await store.blockstore.sync()
  const record = await registry.setRoot(name, rootCid)
  return { rootCid, ipns: record.ipns }
}
