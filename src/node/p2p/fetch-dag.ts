import type { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { blockKey, verifyBlock } from '../../core/blocks.ts'
import { blockLinks } from '../../core/car/walk-dag.ts'
import type { FetchDagOptions } from './network-node.ts'

/** Where a DAG's blocks come from: the local store first, else the network (Bitswap). */
export interface DagSource {
  /** the block if held here, undefined if not */
  local (cid: CID): Promise<Uint8Array | undefined>
  /** the block from the network, stored here by the time it resolves */
  remote (cid: CID, options: FetchDagOptions): Promise<Uint8Array>
}

/** Blocks asked for at once: Bitswap answers a want list in one round trip, not a block per trip. */
const IN_FLIGHT = 64

/**
 * Every block reachable from the roots, held here afterwards: those held already are read locally
 * (their links are still followed: a partial DAG is completed), the others fetched, up to IN_FLIGHT at
 * a time. Each block is verified against its CID before its links are trusted.
 */
export async function fetchDag (source: DagSource, roots: CID[], options: FetchDagOptions = {}): Promise<{ blocks: number, bytes: number }> {
  const seen = new Set<string>()
  const queue: CID[] = []
  const enqueue = (cid: CID): void => {
    const key = blockKey(cid) + cid.code
    if (seen.has(key) || cid.multihash.code === identity.code) return
    seen.add(key)
    queue.push(cid)
  }
  roots.forEach(enqueue)
  let blocks = 0
  let bytes = 0
  const visit = async (cid: CID): Promise<void> => {
    const held = await source.local(cid)
    const data = await verifyBlock(cid, held ?? await source.remote(cid, options))
    if (held == null) {
      blocks++
      bytes += data.byteLength
      options.onProgress?.({ blocks, bytes })
    }
    for (const link of blockLinks(cid, data)) enqueue(link)
  }
  const running = new Set<Promise<void>>()
  let failure: unknown
  while (queue.length > 0 || running.size > 0) {
    while (failure == null && queue.length > 0 && running.size < IN_FLIGHT) {
      const cid = queue.shift() as CID
      const task: Promise<void> = visit(cid).catch((err: unknown) => { failure ??= err }).finally(() => running.delete(task))
      running.add(task)
    }
    if (running.size > 0) await Promise.race(running)
    if (failure != null && running.size === 0) throw failure
    options.signal?.throwIfAborted()
  }
  return { blocks, bytes }
}
