import { exporter } from 'ipfs-unixfs-exporter'
import type { CID } from 'multiformats/cid'
import { collectBytes } from '../bytes.ts'
import type { BlockGetter, BlockOptions } from '../blocks.ts'
import { verifyingGetter } from '../blocks.ts'
import { InvalidIparoError } from '../errors.ts'

export interface ReadRange extends BlockOptions {
  offset?: number
  length?: number
}

/**
 * Streams the bytes of a UnixFS file (a whole IPARO, or one of its pieces such as the payload subtree),
 * fetching only the blocks the range needs and verifying every block against its CID.
 */
export async function * readFileBytes (blocks: BlockGetter, cid: CID, range: ReadRange = {}): AsyncGenerator<Uint8Array> {
  const verified = verifyingGetter(blocks)
  // The exporter's storage contract yields a block as a stream of chunks.
  const storage = { async * get (c: CID, o?: BlockOptions) { yield await verified.get(c, o) } }
  const entry = await exporter(cid, storage, { signal: range.signal })
  if (entry.type !== 'file' && entry.type !== 'raw') throw new InvalidIparoError(`${cid.toString()} is not a file`)
  yield * entry.content({ offset: range.offset, length: range.length, signal: range.signal })
}

/** Collects a (small) file or range into one buffer. */
export async function readFileToBytes (blocks: BlockGetter, cid: CID, range: ReadRange = {}): Promise<Uint8Array> {
  return collectBytes(readFileBytes(blocks, cid, range))
}
