import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { verifyBlock, type BlockGetter, type BlockOptions } from '../blocks.ts'
import { InvalidIparoError } from '../errors.ts'
import { cidString } from '../iparo/cid-string.ts'
import { formatDigest, type HasherFactory } from '../iparo/digests.ts'
import { encodeFileRoot } from '../iparo/encode-file-root.ts'
import { decodeHeaderJson, encodeHeaderRecord } from '../iparo/header-record.ts'
import type { BlockSink } from '../iparo/kubo-import.ts'
import { sha256Cid } from '../iparo/sha256-cid.ts'
import { importChunked } from '../iparo/kubo-import.ts'
import { decodeIparoRoot } from '../iparo/iparo-root.ts'
import { validateFileHeader, type FileIparoHeader } from './file-iparo-header.ts'

export interface FileIparoInput {
  type: 'warc' | 'wacz'
  /** the file's name (no folders): it goes into `uri` and `name` */
  name: string
  content: AsyncIterable<Uint8Array>
  /** the index root (file-index.ts) and its entry count */
  index: CID
  records: number
  /** the first record's date: the header's datetime (the same file always gives the same CID) */
  datetime: string
  gzip: boolean
  chunkSize: number
  hashers: HasherFactory
}

export interface OpenedFileIparo {
  cid: CID
  header: FileIparoHeader
  /** the file itself: a UnixFS file (ranged reads fetch only the leaves they need) */
  file: { cid: CID, length: number }
  index: CID
}

/**
 * Stores a file as one IPARO (docs/whole-file-iparos.md): the file as a UnixFS DAG chunked as
 * `ipfs add --cid-version=1 --chunker=size-<chunkSize>` would (its CID is Kubo's), under a root whose
 * own data is the header record, as every IPARO's is.
 */
export async function writeFileIparo (sink: BlockSink, input: FileIparoInput): Promise<OpenedFileIparo> {
  const hasher = input.hashers('sha256')
  if (hasher == null) throw new Error('no sha256 hasher')
  async function * hashed (): AsyncGenerator<Uint8Array> {
    for await (const chunk of input.content) {
      hasher?.update(chunk)
      yield chunk
    }
  }
  const piece = await importChunked(hashed(), sink, input.chunkSize)
  const header: FileIparoHeader = {
    iparo: 1,
    type: input.type,
    uri: `file:///${encodeURIComponent(input.name)}`,
    datetime: input.datetime,
    name: input.name,
    size: piece.length,
    sha256: formatDigest('sha256', hasher.digest()),
    chunker: `size-${input.chunkSize}`,
    gzip: input.gzip,
    records: input.records,
    index: cidString(input.index),
    pieces: [{ role: 'file', cid: cidString(piece.cid), length: piece.length }]
  }
  const record = await encodeHeaderRecord(header)
  const bytes = encodeFileRoot(record, [piece]) ?? dagPb.encode(dagPb.prepare({
    Data: new UnixFS({ type: 'file', data: record, blockSizes: [BigInt(piece.length)] }).marshal(),
    Links: [{ Hash: piece.cid, Name: '', Tsize: piece.tsize }]
  }))
  const cid = sha256Cid(dagPb.code, await sha256.encode(bytes))
  await sink.put(cid, bytes)
  return { cid, header, file: { cid: piece.cid, length: piece.length }, index: input.index }
}

/** Reads a whole-file IPARO's root (one block, verified) and checks its header against its link. */
export async function readFileIparo (blocks: BlockGetter, cid: CID, options?: BlockOptions): Promise<OpenedFileIparo> {
  const { node, unixfs, headerRecord } = decodeIparoRoot(cid, await verifyBlock(cid, await blocks.get(cid, options)))
  const header = validateFileHeader(decodeHeaderJson(headerRecord), cid.toString())
  const piece = header.pieces[0]
  const link = node.Links[0]
  if (piece == null || link == null || node.Links.length !== 1 || link.Hash.toString() !== piece.cid || Number(unixfs.blockSizes[0] ?? -1n) !== piece.length) {
    throw new InvalidIparoError(`${cid.toString()}: the header's file piece does not match the root's link`)
  }
  return { cid, header, file: { cid: link.Hash, length: piece.length }, index: CID.parse(header.index) }
}
