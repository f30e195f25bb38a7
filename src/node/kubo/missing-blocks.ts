import type { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { blockKey, verifyBlock, type BlockGetter } from '../../core/blocks.ts'
import { blockLinks } from '../../core/car/walk-dag.ts'
import type { KuboTarget } from './kubo-target.ts'

export interface MissingBlocks {
  /** the blocks to send, each once, in the order met (roots first), with their sizes */
  missing: Array<{ cid: CID, size: number }>
  /** blocks of the DAG outside any DAG pinned there, each asked about */
  checked: number
  /** of those, already there */
  present: number
  /** blocks sent without asking, once asking kept answering "not there" */
  unchecked: number
  /** subtrees skipped because their root is pinned there (their whole DAG is there) */
  pinnedSubtrees: number
}

/** questions in flight at once (kubo-rpc-client holds 6 connections) */
const BATCH = 32
/**
 * After this many blocks in a row that the target lacks, it is taken to lack the rest too: a new
 * archive on an empty node would otherwise cost one question per block, each slower than sending it.
 */
const GIVE_UP_AFTER = 256

/**
 * The blocks of the DAGs under `roots` that `target` lacks, as far as it can tell: a subtree whose
 * root is pinned there (recursively) is there whole and is skipped; other blocks are asked about
 * one by one, offline (a block held there may still miss children, so its children are walked too).
 * Every local block is read and verified on the way, so nothing damaged is sent.
 */
export async function missingBlocks (blocks: BlockGetter, roots: CID[], target: Pick<KuboTarget, 'hasBlock'>, pinned: Set<string>): Promise<MissingBlocks> {
  const result: MissingBlocks = { missing: [], checked: 0, present: 0, unchecked: 0, pinnedSubtrees: 0 }
  const seen = new Set<string>()
  let queue = [...roots]
  let head = 0
  let absentInARow = 0
  while (head < queue.length) {
    const taken = queue.slice(head, head + BATCH)
    head += taken.length
    // drop what was taken now and then, instead of shifting the whole queue per batch
    if (head > 65_536) { queue = queue.slice(head); head = 0 }
    const batch = taken.filter(cid => {
      const key = blockKey(cid) + cid.code
      if (seen.has(key) || cid.multihash.code === identity.code) return false
      seen.add(key)
      if (!pinned.has(cid.toV1().toString())) return true
      result.pinnedSubtrees++
      return false
    })
    const asking = absentInARow < GIVE_UP_AFTER
    const there = asking ? await Promise.all(batch.map(async cid => target.hasBlock(cid))) : batch.map(() => false)
    for (const [i, cid] of batch.entries()) {
      const present = there[i] === true
      if (asking) result.checked++
      else result.unchecked++
      const bytes = await verifyBlock(cid, await blocks.get(cid))
      if (present) { result.present++; absentInARow = 0 } else { result.missing.push({ cid, size: bytes.byteLength }); absentInARow++ }
      queue.push(...blockLinks(cid, bytes))
    }
  }
  return result
}
