import type { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import type { KeySet } from '../../core/car/key-set.ts'
import { blockLinks } from '../../core/car/walk-dag.ts'
import type { EmbeddedStore } from '../embedded-store.ts'

/**
 * Adds to `live` (keys: multihash bytes) every block held here that a pin root reaches. Unlike an
 * archive's DAG, a pin's may be partial (queued, or fetching right now): a block not held is skipped
 * with what lies under it, never an error, so gc keeps whatever part has arrived. A block already in
 * `live` was reached before with everything under it that is held, and is not walked again.
 */
export async function markPinnedBlocks (store: EmbeddedStore, roots: CID[], live: KeySet): Promise<void> {
  // depth-first: the stack holds the links not yet followed along one path, not the DAG
  const stack = [...roots]
  while (stack.length > 0) {
    const cid = stack.pop()
    if (cid == null) break
    const key = cid.multihash.bytes
    if (cid.multihash.code === identity.code || (await live.has(key)) || !(await store.blocks.has(cid))) continue
    await live.add(key)
    let links: CID[]
    try {
      links = blockLinks(cid, await store.blocks.get(cid))
    } catch {
      // an undecodable block (or one deleted since `has`): kept, but it names nothing further
      continue
    }
    stack.push(...links)
  }
}
