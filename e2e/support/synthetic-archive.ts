import { writeSyntheticArchive } from '../../src/core/archive/synthetic-archive.test-support.ts'
import { ArchiveRegistry } from '../../src/node/archive-registry.ts'
import { openEmbeddedStore } from '../../src/node/embedded-store.ts'

/**
 * A local archive of `n` synthetic pages in the data folder `data`, written straight through the URL-map
 * builder (no WARC ingest): what the page list is tried on at scale. Run before `iparo serve` opens the folder.
 */
export async function addSyntheticArchive (data: string, name: string, n: number): Promise<{ root: string, ipns: string }> {
  const store = await openEmbeddedStore(data)
  try {
    const registry = new ArchiveRegistry(store)
    const created = await registry.create(name, { title: `${n.toLocaleString('en-US')} synthetic pages`, description: 'Generated for the page-list tests: hosts of 1,000 pages each.' })
    const { root } = await registry.root(name)
    const { rootCid } = await writeSyntheticArchive(store.blocks, root.manifest, n)
    await registry.setRoot(name, rootCid)
    return { root: rootCid.toString(), ipns: created.ipns }
  } finally {
    await store.close()
  }
}
