import { CarBlockIterator } from '@ipld/car'
import * as dagPb from '@ipld/dag-pb'
import type { CID } from 'multiformats/cid'
import { blockKey, blockMatches } from '../blocks.ts'
import { BlockVerificationError } from '../errors.ts'
import { bodyChunks } from '../http/body-chunks.ts'

export interface FetchedBlock { cid: CID, bytes: Uint8Array }

export interface CarFetchOptions {
  signal?: AbortSignal
  /** stop reading once this many block bytes arrived (the blocks so far are kept): a video is read by range, not whole */
  maxBytes?: number
  fetch?: typeof globalThis.fetch
}

const CAR_TYPE = 'application/vnd.ipld.car'
export const DEFAULT_CAR_BYTES = 4 * 1024 * 1024

/**
 * The UnixFS DAG under `root` (an IPARO with its pieces, a payload file) from a trustless gateway in one
 * request: `GET /ipfs/ROOT?format=car&dag-scope=entity`. Every block is checked against its CID as it
 * arrives, and must be the root or linked from a block already taken: a gateway cannot slip in blocks
 * nobody asked for. All or nothing: one block that does not match its CID and the whole answer is
 * refused (BlockVerificationError), nothing of it kept. Resolves undefined when the gateway answers with
 * no CAR (an older gateway, a 404): the caller then reads block by block.
 */
export async function fetchCar (gateway: string, root: CID, options: CarFetchOptions = {}): Promise<FetchedBlock[] | undefined> {
  const stop = new AbortController()
  const signal = options.signal == null ? stop.signal : AbortSignal.any([options.signal, stop.signal])
  const url = new URL(`/ipfs/${root.toString()}?format=car&dag-scope=entity`, gateway)
  const response = await (options.fetch ?? globalThis.fetch)(url, { headers: { Accept: CAR_TYPE }, signal })
  if (!response.ok || response.body == null || !(response.headers.get('content-type') ?? '').startsWith(CAR_TYPE)) {
    await response.body?.cancel().catch(() => {})
    return undefined
  }
  try {
    return await takeBlocks(bodyChunks(response.body), root, options.maxBytes ?? DEFAULT_CAR_BYTES)
  } finally {
    // past the byte budget, or refused: the rest of the answer is not wanted
    stop.abort()
  }
}

/** The verified, linked blocks of a CAR stream, the root first; stops after `maxBytes`. */
export async function takeBlocks (source: AsyncIterable<Uint8Array>, root: CID, maxBytes: number): Promise<FetchedBlock[]> {
  const iterator = await CarBlockIterator.fromIterable(source)
  const wanted = new Set([blockKey(root)])
  const taken: FetchedBlock[] = []
  let bytes = 0
  try {
    for await (const block of iterator) {
      const key = blockKey(block.cid)
      if (!wanted.has(key)) continue
      if (!(await blockMatches(block.cid, block.bytes))) throw new BlockVerificationError(block.cid.toString())
      wanted.delete(key)
      taken.push({ cid: block.cid, bytes: block.bytes })
      if (block.cid.code === dagPb.code) for (const link of dagPb.decode(block.bytes).Links) wanted.add(blockKey(link.Hash))
      bytes += block.bytes.byteLength
      if (bytes >= maxBytes) break
    }
  } catch (err) {
    if (err instanceof BlockVerificationError) throw err
    // a CAR cut short (a dropped connection): the blocks read whole are verified, and kept
    if (taken.length === 0) throw err
  }
  return taken
}
