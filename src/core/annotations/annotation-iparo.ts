import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { verifyBlock, type BlockGetter, type BlockOptions } from '../blocks.ts'
import type { Datetime } from '../datetime.ts'
import { InvalidIparoError } from '../errors.ts'
import { encodeFileRoot } from '../iparo/encode-file-root.ts'
import { decodeHeaderJson, encodeHeaderRecord } from '../iparo/header-record.ts'
import { IPARO_FORMAT_VERSION } from '../iparo/iparo-header.ts'
import { decodeIparoRoot } from '../iparo/iparo-root.ts'
import type { BlockSink } from '../iparo/kubo-import.ts'
import { sha256Cid } from '../iparo/sha256-cid.ts'
import { validateAnnotationHeader, type AnnotationHeader, type AnnotationTarget } from './annotation-header.ts'
import { decodeAnnotationRecord, encodeAnnotationRecord } from './annotation-record.ts'
import { checkNoteText } from './web-annotation.ts'

export interface NewAnnotation {
  /** the memento: its IPARO CID, URI-M and datetime, and its original URI (the IPARO header's `uri`) */
  target: AnnotationTarget & { uri: string, recordId?: string }
  text: string
  /** when the note is made (normalised UTC) */
  created: Datetime
}

/** An annotation IPARO, read and checked. */
export interface Annotation {
  cid: string
  header: AnnotationHeader
  /** untrusted text: show it as text, never as HTML */
  text: string
}

/**
 * Builds an annotation IPARO: a UnixFS file whose root's own data is the header record and whose one
 * child (a raw leaf) is the Web Annotation's WARC record, so `ipfs cat` gives a two-record WARC.
 */
export async function buildAnnotation (input: NewAnnotation, sink: BlockSink): Promise<Annotation & { bytes: Uint8Array }> {
  const text = checkNoteText(input.text)
  const { cid, uriM, datetime, uri, recordId } = input.target
  const partial = { iparo: IPARO_FORMAT_VERSION, type: 'annotation' as const, uri, datetime: input.created, target: { cid, uriM, datetime } }
  const record = await encodeAnnotationRecord(partial, text, recordId)
  const pieceCid = sha256Cid(raw.code, (await sha256.digest(record)).digest)
  await sink.put(pieceCid, record)
  const header: AnnotationHeader = { ...partial, pieces: [{ role: 'annotation', cid: pieceCid.toString(), length: record.byteLength }] }
  // the same checks a reader makes: what is written can always be read
  validateAnnotationHeader(header)
  const data = await encodeHeaderRecord(header)
  const links = [{ cid: pieceCid, length: record.byteLength, tsize: record.byteLength }]
  const bytes = encodeFileRoot(data, links) ?? dagPb.encode(dagPb.prepare({
    Data: new UnixFS({ type: 'file', data, blockSizes: [BigInt(record.byteLength)] }).marshal(),
    Links: links.map(l => ({ Hash: l.cid, Name: '', Tsize: l.tsize }))
  }))
  const root = sha256Cid(dagPb.code, await sha256.encode(bytes))
  await sink.put(root, bytes)
  return { cid: root.toString(), header, text, bytes }
}

/** The annotation's header from its root block alone (one fetch), strictly validated. */
export async function readAnnotationHeader (blocks: BlockGetter, cid: CID, options?: BlockOptions): Promise<AnnotationHeader> {
  const { node, unixfs, headerRecord } = decodeIparoRoot(cid, await verifyBlock(cid, await blocks.get(cid, options)))
  const header = validateAnnotationHeader(decodeHeaderJson(headerRecord))
  const [piece] = header.pieces
  const link = node.Links[0]
  if (node.Links.length !== 1 || unixfs.blockSizes.length !== 1 || link == null || link.Hash.toString() !== piece.cid ||
    unixfs.blockSizes[0] !== BigInt(piece.length) || link.Hash.code !== raw.code) {
    throw new InvalidIparoError(`${cid.toString()}: the annotation's piece does not match the node's link`)
  }
  return header
}

/** An annotation IPARO, read and checked whole (two block fetches): a malformed one is an error, never shown. */
export async function readAnnotation (blocks: BlockGetter, cid: CID, options?: BlockOptions): Promise<Annotation> {
  const header = await readAnnotationHeader(blocks, cid, options)
  const pieceCid = CID.parse(header.pieces[0].cid)
  const record = await verifyBlock(pieceCid, await blocks.get(pieceCid, options))
  if (record.byteLength !== header.pieces[0].length) throw new InvalidIparoError(`${cid.toString()}: the annotation record's length does not match its header`)
  return { cid: cid.toString(), header, text: await decodeAnnotationRecord(record, header) }
}
