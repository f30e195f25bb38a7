import * as dagCbor from '@ipld/dag-cbor'
import * as dagPb from '@ipld/dag-pb'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { identity } from 'multiformats/hashes/identity'
import { verifyBlock, type BlockGetter, type BlockOptions } from '../blocks.ts'
import { InvalidInputError } from '../errors.ts'
import { MemoryKeySet, walkKey, type KeySet } from './key-set.ts'

export interface Block {
  cid: CID
  bytes: Uint8Array
}

/** The CIDs a block links to, for the codecs an archive uses. */
export function blockLinks (cid: CID, bytes: Uint8Array): CID[] {
  switch (cid.code) {
    case raw.code: return []
    case dagPb.code: return dagPb.decode(bytes).Links.map(l => l.Hash)
    case dagCbor.code: {
      const out: CID[] = []
      const visit = (value: unknown): void => {
        const cidValue = CID.asCID(value)
        if (cidValue != null) { out.push(cidValue); return }
        if (Array.isArray(value)) { for (const v of value) visit(v); return }
        if (value != null && typeof value === 'object' && !(value instanceof Uint8Array)) for (const v of Object.values(value)) visit(v)
      }
      visit(dagCbor.decode(bytes))
      return out
    }
    default: throw new InvalidInputError(`cannot walk codec 0x${cid.code.toString(16)} of ${cid.toString()}`)
  }
}

export interface WalkOptions extends BlockOptions {
  /**
   * The blocks met so far (keys: walkKey). A walk of a whole archive meets millions: the edge passes
   * a set that spills to disk (src/node/export/spill-set.ts); by default they are kept in memory. A
   * set shared by several walks makes each skip what an earlier one met, with everything under it.
   */
  visited?: KeySet
}

/**
 * Every block reachable from `roots`, each once, depth-first in link order (the order a trustless
 * gateway's CAR uses), verified against its CID. Identity CIDs carry their bytes and are not blocks.
 * Besides `visited`, it holds the links not yet followed: at most the fan-out of each node on the
 * path from the root, not the DAG.
 */
export async function * walkDag (blocks: BlockGetter, roots: CID[], options: WalkOptions = {}): AsyncGenerator<Block> {
  const { visited = new MemoryKeySet(), ...blockOptions } = options
  const stack = [...roots].reverse()
  while (stack.length > 0) {
    const cid = stack.pop()
    if (cid == null) break
    if (cid.multihash.code === identity.code || !(await visited.add(walkKey(cid)))) continue
    const bytes = await verifyBlock(cid, await blocks.get(cid, blockOptions))
    yield { cid, bytes }
    const links = blockLinks(cid, bytes)
    for (let i = links.length - 1; i >= 0; i--) {
      const link = links[i]
      if (link != null) stack.push(link)
    }
  }
}
