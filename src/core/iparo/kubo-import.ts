import { importer, type ImportResult } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import type { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { sha256Cid } from './sha256-cid.ts'

/**
 * Kubo's `ipfs add --cid-version=1` defaults. Pinned so that a payload added to any IPFS node with those
 * settings gets the same CID, and so that identical payloads share every block across IPAROs and archives.
 */
export const KUBO_CHUNK_SIZE = 262_144
export const KUBO_MAX_LINKS = 174

export interface BlockSink {
  put (cid: CID, bytes: Uint8Array): Promise<void>
}

/** A piece stored as its own UnixFS subtree (or a single raw leaf). */
export interface ImportedPiece {
  cid: CID
  /** file bytes in the piece */
  length: number
  /** bytes of all blocks in the subtree, for the dag-pb link's Tsize */
  tsize: number
}

/** A raw leaf's CID from the sha2-256 of its bytes, when that digest is already known. */
export function rawLeafCid (sha256Digest: Uint8Array): CID {
  return sha256Cid(raw.code, sha256Digest)
}

/**
 * Imports bytes exactly as Kubo would with `--cid-version=1`: 256 KiB fixed chunks, raw leaves, balanced
 * layout with 174 links per node, a single chunk reduced to its raw leaf.
 * A buffer of one chunk or less takes a fast path (one hash, no importer); larger content streams.
 */
export async function importKubo (content: Uint8Array | AsyncIterable<Uint8Array>, sink: BlockSink): Promise<ImportedPiece> {
  if (content instanceof Uint8Array && content.byteLength <= KUBO_CHUNK_SIZE) {
    const cid = rawLeafCid(await sha256.encode(content))
    await sink.put(cid, content)
    return { cid, length: content.byteLength, tsize: content.byteLength }
  }
  return importChunked(content, sink, KUBO_CHUNK_SIZE)
}

/**
 * Imports bytes as `ipfs add --cid-version=1 --chunker=size-<chunkSize>` does: fixed chunks, raw
 * leaves, balanced layout of 174 links per node, a single chunk reduced to its raw leaf. The same
 * bytes and chunk size give Kubo's CID (whole-file IPAROs use a smaller chunk: docs/whole-file-iparos.md).
 */
export async function importChunked (content: Uint8Array | AsyncIterable<Uint8Array>, sink: BlockSink, chunkSize: number): Promise<ImportedPiece> {
  // The importer's storage contract returns the CID from put(); ours returns nothing.
  const storage = { put: async (cid: CID, bytes: Uint8Array) => { await sink.put(cid, bytes); return cid } }
  let result: ImportResult | undefined
  for await (const entry of importer([{ content }], storage, {
    cidVersion: 1,
    rawLeaves: true,
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize }),
    layout: balanced({ maxChildrenPerNode: KUBO_MAX_LINKS }),
    // Sequential writes keep memory bounded to a few chunks per piece.
    blockWriteConcurrency: 1
  })) {
    result = entry
  }
  if (result == null) throw new Error('importer produced no result')
  // `size` is the DAG's cumulative size (the Tsize); a reduced single leaf has no UnixFS node.
  const length = result.unixfs != null ? Number(result.unixfs.fileSize()) : Number(result.size)
  return { cid: result.cid, length, tsize: Number(result.size) }
}
