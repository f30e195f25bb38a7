import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import type { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { verifyingGetter, type BlockGetter } from '../blocks.ts'
import { InvalidIparoError } from '../errors.ts'

/**
 * Bytes [offset, offset + length) of a UnixFS file, walking its DAG depth first and fetching only the
 * blocks under the range, each verified against its CID. Written for files whose nodes carry data of
 * their own before their children, as an IPARO's root carries its header: the exporter's ranged read
 * (ipfs-unixfs-exporter 16) moves its position on by the bytes it took of that data, not by its length,
 * so a range beyond the header came out shifted or never ended. A DAG that holds fewer bytes than its
 * sizes promise is an InvalidIparoError, never a short answer.
 */
export async function * readUnixfsRange (blocks: BlockGetter, cid: CID, offset: number, length: number, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const get = verifyingGetter(blocks)
  let sent = 0
  for await (const piece of walk(get, cid, 0, offset, offset + length, signal)) {
    sent += piece.byteLength
    yield piece
  }
  if (sent !== length) throw new InvalidIparoError(`${cid.toString()} holds ${sent} bytes of the ${length} its sizes promise from offset ${offset}`)
}

/** The part of `bytes`, which sit at `position` in the file, that falls in [start, end). */
function overlap (bytes: Uint8Array, position: number, start: number, end: number): Uint8Array {
  const from = Math.max(0, start - position)
  const to = Math.min(bytes.byteLength, end - position)
  return from < to ? bytes.subarray(from, to) : new Uint8Array(0)
}

async function * walk (get: BlockGetter, cid: CID, position: number, start: number, end: number, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const block = await get.get(cid, { signal })
  if (cid.code === raw.code) {
    const part = overlap(block, position, start, end)
    if (part.byteLength > 0) yield part
    return
  }
  if (cid.code !== dagPb.code) throw new InvalidIparoError(`${cid.toString()} is not a UnixFS file node`)
  let node: dagPb.PBNode
  let file: UnixFS
  try {
    node = dagPb.decode(block)
    file = UnixFS.unmarshal(node.Data ?? new Uint8Array(0))
  } catch (err) {
    throw new InvalidIparoError(`${cid.toString()} is not a UnixFS file node`, { cause: err })
  }
  if ((file.type !== 'file' && file.type !== 'raw') || node.Links.length !== file.blockSizes.length) {
    throw new InvalidIparoError(`${cid.toString()} is not a well-formed UnixFS file node`)
  }
  let at = position
  if (file.data != null && file.data.byteLength > 0) {
    const part = overlap(file.data, at, start, end)
    if (part.byteLength > 0) yield part
    at += file.data.byteLength
  }
  for (let i = 0; i < node.Links.length && at < end; i++) {
    const size = Number(file.blockSizes[i] ?? 0n)
    const link = node.Links[i]
    if (link != null && at + size > start) yield * walk(get, link.Hash, at, start, end, signal)
    at += size
  }
}
