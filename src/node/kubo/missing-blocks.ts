import type { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { verifyBlock, type BlockGetter } from '../../core/blocks.ts'
import { MemoryKeySet, walkKey, type KeySet } from '../../core/car/key-set.ts'
import { blockLinks } from '../../core/car/walk-dag.ts'
import { MemoryCidQueue, type CidQueue } from './cid-queue.ts'
import type { KuboTarget } from './kubo-target.ts'

export interface MissingBlockCounts {
  /** blocks of the DAG outside any DAG pinned there, each asked about */
  checked: number
  /** of those, already there */
  present: number
  /** blocks sent without asking, once asking kept answering "not there" */
  unchecked: number
  /** subtrees skipped because their root is pinned there (their whole DAG is there) */
  pinnedSubtrees: number
}

/** What a walk holds as it goes: the blocks met, and the frontier (a whole DAG level at worst). */
export interface WalkSpace {
  visited: KeySet
  queue: CidQueue
}

/** questions in flight at once (kubo-rpc-client holds 6 connections) */
const BATCH = 32
/**
 * After this many blocks in a row that the target lacks, it is taken to lack the rest too: a new
 * archive on an empty node would otherwise cost one question per block, each slower than sending it.
 */
const GIVE_UP_AFTER = 256

export const noCounts = (): MissingBlockCounts => ({ checked: 0, present: 0, unchecked: 0, pinnedSubtrees: 0 })

/**
 * The blocks of the DAGs under `roots` that `target` lacks, as far as it can tell, each once, in the
 * order met (breadth-first, roots first), with their sizes, as they are found: a subtree whose root is
 * pinned there (recursively) is there whole and is skipped; other blocks are asked about one by one,
 * offline (a block held there may still miss children, so its children are walked too). Every local
 * block is read and verified on the way, so nothing damaged is sent. `counts` is filled as it goes.
 * `space` (default: in memory) holds the walk: pass sets on disk for a whole archive.
 */
export async function * missingBlocks (
  blocks: BlockGetter, roots: CID[], target: Pick<KuboTarget, 'hasBlock'>, pinned: Set<string>,
  counts: MissingBlockCounts = noCounts(), space: WalkSpace = { visited: new MemoryKeySet(), queue: new MemoryCidQueue() }
): AsyncGenerator<{ cid: CID, size: number }> {
  const { visited, queue } = space
  await queue.push(roots)
  let absentInARow = 0
  for (let taken = await queue.take(BATCH); taken.length > 0; taken = await queue.take(BATCH)) {
    const batch: CID[] = []
    for (const cid of taken) {
      if (cid.multihash.code === identity.code || !(await visited.add(walkKey(cid)))) continue
      if (!pinned.has(cid.toV1().toString())) batch.push(cid)
      else counts.pinnedSubtrees++
    }
    const asking = absentInARow < GIVE_UP_AFTER
    const there = asking ? await Promise.all(batch.map(async cid => target.hasBlock(cid))) : batch.map(() => false)
    for (const [i, cid] of batch.entries()) {
      const present = there[i] === true
      if (asking) counts.checked++
      else counts.unchecked++
      const bytes = await verifyBlock(cid, await blocks.get(cid))
      await queue.push(blockLinks(cid, bytes))
      if (present) { counts.present++; absentInARow = 0 } else { absentInARow++; yield { cid, size: bytes.byteLength } }
    }
  }
}
