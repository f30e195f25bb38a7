import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { base32upper } from 'multiformats/bases/base32'
import type { CID } from 'multiformats/cid'
import type { CandidateSource } from '../../core/namespace/namespace-scan.ts'
import type { NamespacePrefix } from '../../core/namespace/namespace-prefix.ts'
import { multihashKey } from '../../core/blocks.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import type { PackBlockstore } from '../pack-store/pack-blockstore.ts'
import { keysWithPrefixes, rootCidOfKey } from './scan-keys.ts'

/**
 * The pack store's blocks whose sha2-256 digest starts with one of the prefixes, as dag-pb CIDs: a range
 * of its sorted key index is read (O(log n) plus the matches), never a block (bench/namespace times it).
 */
export async function scanPackStore (store: Pick<PackBlockstore, 'keysWithDigestPrefixes'>, prefixes: readonly NamespacePrefix[]): Promise<CID[]> {
  return (await store.keysWithDigestPrefixes(prefixes)).map(rootCidOfKey)
}

// blockstore-fs names a block `<base32upper multihash>.data`; its temporary files and anything else are not blocks
const LEGACY_FILE = /^([A-Z2-7]+)\.data$/

/**
 * The same for a `blocks/` folder left by the one-file-per-block store (docs/storage.md): its file
 * names are the multihashes, so it is listed (one readdir per shard folder), never read. Nothing is
 * written there any more, so a data folder without one costs nothing.
 */
export async function scanLegacyFolder (dir: string, prefixes: readonly NamespacePrefix[]): Promise<CID[]> {
  const shards = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return []
    throw err
  })
  const keys: string[] = []
  for (const shard of shards) {
    if (!shard.isDirectory()) continue
    for (const file of await readdir(join(dir, shard.name))) {
      const m = LEGACY_FILE.exec(file)
      if (m?.[1] == null) continue
      try {
        keys.push(multihashKey(base32upper.decode(m[1])))
      } catch {
        // a name that is not base32: not a block
      }
    }
  }
  return keysWithPrefixes(keys, prefixes).map(rootCidOfKey)
}

/**
 * The data folder's candidates: its packs, then its legacy `blocks/` folder (a block in both is given
 * twice; scans read it once).
 */
export function embeddedCandidates (store: Pick<EmbeddedStore, 'blockstore' | 'dir'>): CandidateSource {
  return async (prefixes) => [
    ...await scanPackStore(store.blockstore, prefixes),
    ...await scanLegacyFolder(join(store.dir, 'blocks'), prefixes)
  ]
}
