import { importer, type ImportResult } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import type { CID } from 'multiformats/cid'
import { KUBO_MAX_LINKS, type BlockSink, type ImportedPiece } from '../iparo/kubo-import.ts'

/**
 * Imports bytes as `ipfs add --cid-version=1 --chunker=size-<chunkSize>` does: fixed chunks, raw
 * leaves, balanced layout of 174 links per node, a single chunk reduced to its raw leaf. The same
 * bytes and chunk size give Kubo's CID.
 */
export async function importChunked (content: AsyncIterable<Uint8Array>, sink: BlockSink, chunkSize: number): Promise<ImportedPiece> {
  const storage = { put: async (cid: CID, bytes: Uint8Array) => { await sink.put(cid, bytes); return cid } }
  let result: ImportResult | undefined
  for await (const entry of importer([{ content }], storage, {
    cidVersion: 1,
    rawLeaves: true,
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize }),
    layout: balanced({ maxChildrenPerNode: KUBO_MAX_LINKS }),
    blockWriteConcurrency: 1
  })) {
    result = entry
  }
  if (result == null) throw new Error('importer produced no result')
  const length = result.unixfs != null ? Number(result.unixfs.fileSize()) : Number(result.size)
  return { cid: result.cid, length, tsize: Number(result.size) }
}
