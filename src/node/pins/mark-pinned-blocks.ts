import type { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { blockKey } from '../../core/blocks.ts'
import { blockLinks } from '../../core/car/walk-dag.ts'
import type { EmbeddedStore } from '../embedded-store.ts'

/**
 * Adds to `live` (keys as `blockKey`) every block held here that a pin root reaches. Unlike an
 * archive's DAG, a pin's may be partial (queued, or fetching right now): a block not held is skipped
 * with what lies under it, never an error, so gc keeps whatever part has arrived. A block already in
 * `live` was reached before with everything under it that is held, and is not walked again.
 */
export async function markPinnedBlocks (store: EmbeddedStore, roots: CID[], live: Set<string>): Promise<void> {
  const stack = [...roots]
  while (stack.length > 0) {
    const cid = stack.pop()
    if (cid == null) break
    const key = blockKey(cid)
    if (live.has(key) || cid.multihash.code === identity.code || !(await store.blocks.has(cid))) continue
    live.add(key)
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
