import { CarBlockIterator, CarWriter } from '@ipld/car'
import type { CID } from 'multiformats/cid'
import { blockMatches, verifyBlock, type BlockGetter, type BlockStore } from '../blocks.ts'
import { BlockVerificationError, InvalidInputError } from '../errors.ts'
import type { KeySet } from './key-set.ts'
import { walkDag } from './walk-dag.ts'

/**
 * A CAR v1 of everything reachable from `roots` (`scope: 'block'`: the root blocks alone), streamed.
 * `visited` holds the blocks written so far (see walkDag): a set on disk bounds a whole archive's export.
 */
export async function * exportCar (blocks: BlockGetter, roots: CID[], options: { scope?: 'all' | 'block', signal?: AbortSignal, visited?: KeySet } = {}): AsyncGenerator<Uint8Array> {
  const { writer, out } = CarWriter.create(roots)
  const walk = options.scope === 'block'
    ? (async function * () { for (const cid of roots) yield { cid, bytes: await verifyBlock(cid, await blocks.get(cid, options)) } })()
    : walkDag(blocks, roots, { signal: options.signal, visited: options.visited })
  const feeding = (async () => {
    try {
      for await (const block of walk) await writer.put(block)
    } finally {
      await writer.close()
    }
  })()
  // Surface a walk failure even if the consumer is still reading.
  let failure: unknown
  feeding.catch((err: unknown) => { failure = err })
  for await (const chunk of out) yield chunk
  await feeding.catch(() => {})
  if (failure !== undefined) throw failure
}

export interface CarImportResult {
  roots: CID[]
  blocks: number
  newBlocks: number
  bytes: number
}

async function * verifiedBlocks (source: AsyncIterable<Uint8Array>, roots: CID[] = []): AsyncGenerator<{ cid: CID, bytes: Uint8Array }> {
  let iterator: CarBlockIterator
  try {
    iterator = await CarBlockIterator.fromIterable(source)
    roots.push(...await iterator.getRoots())
  } catch (err) {
    throw new InvalidInputError('not a CAR file', { cause: err })
  }
  try {
    for await (const block of iterator) {
      if (!(await blockMatches(block.cid, block.bytes))) throw new BlockVerificationError(block.cid.toString())
      yield block
    }
  } catch (err) {
    if (err instanceof BlockVerificationError) throw err
    throw new InvalidInputError('the CAR file is damaged or truncated', { cause: err })
  }
}

/**
 * Imports a CAR v1 all or nothing: a first pass verifies every block against its CID (naming the first
 * that fails), and only then a second pass stores them. `open` is called once per pass.
 */
export async function importCar (open: () => AsyncIterable<Uint8Array>, store: BlockStore): Promise<CarImportResult> {
  let count = 0
  const roots: CID[] = []
  for await (const _ of verifiedBlocks(open(), roots)) count++
  let newBlocks = 0
  let bytes = 0
  for await (const block of verifiedBlocks(open())) {
    if (!(await store.has(block.cid))) {
      await store.put(block.cid, block.bytes)
      newBlocks++
    }
    bytes += block.bytes.byteLength
  }
  return { roots, blocks: count, newBlocks, bytes }
}
