import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { sha256Cid } from './sha256-cid.ts'
import type { BlockGetter, BlockOptions } from '../blocks.ts'
import { cidString } from './cid-string.ts'
import { encodeFileRoot } from './encode-file-root.ts'
import { verifyBlock } from '../blocks.ts'
import { InvalidIparoError } from '../errors.ts'
import { decodeHeaderRecord, encodeHeaderRecord, encodeNoncedHeaderRecord } from './header-record.ts'
import { indexOfBytes } from '../bytes.ts'
import { namespaceKey } from '../namespace/namespace-claim.ts'
import { namespaceClaim } from '../namespace/namespace-layout.ts'
import { hasPrefix, namespacePrefix } from '../namespace/namespace-prefix.ts'
import { NamespaceGrindError, type Namespacing } from '../namespace/namespacing.ts'
import { NONCE_DIGITS } from '../namespace/grind-nonce.ts'
import type { IparoHeader, IparoPiece } from './iparo-header.ts'
import type { BlockSink, ImportedPiece } from './kubo-import.ts'

export interface PieceInput extends ImportedPiece {
  role: IparoPiece['role']
}

export interface BuiltIparo {
  cid: CID
  bytes: Uint8Array
  header: IparoHeader
}

export interface DecodedIparo {
  cid: CID
  header: IparoHeader
  /** the header record's bytes (the start of the IPARO file) */
  headerRecord: Uint8Array
  /** pieces in file order, each with its subtree CID, byte length and the link's Tsize */
  pieces: Array<IparoPiece & { tsize: number }>
  /** total file length */
  length: number
}

/**
 * Assembles an IPARO root: a UnixFS file node whose own data is the header record and whose children
 * are the pieces, concatenated in file order. `header.pieces` is filled from `pieces`. With
 * `namespacing`, the header claims the layout and the root is ground into its namespace (section 9 of
 * docs/iparo-format.md): only the root's bytes differ, never a piece.
 */
export async function buildIparo (header: Omit<IparoHeader, 'pieces'>, pieces: PieceInput[], sink: BlockSink, namespacing?: Namespacing): Promise<BuiltIparo> {
  const stored = pieces.filter(p => p.length > 0)
  const full: IparoHeader = {
    ...header,
    ...(namespacing != null ? { namespace: namespaceClaim(namespacing.layout) } : {}),
    pieces: stored.map(p => ({ role: p.role, cid: cidString(p.cid), length: p.length }))
  }
  const nonced = namespacing != null ? await encodeNoncedHeaderRecord(full) : undefined
  const record = nonced?.bytes ?? await encodeHeaderRecord(full)
  const root = encodeFileRoot(record, stored) ?? dagPb.encode(dagPb.prepare({
    Data: new UnixFS({ type: 'file', data: record, blockSizes: stored.map(p => BigInt(p.length)) }).marshal(),
    Links: stored.map(p => ({ Hash: p.cid, Name: '', Tsize: p.tsize }))
  }))
  const { bytes, digest } = namespacing != null && nonced != null
    ? await grindRoot(root, nonced, full, namespacing)
    : { bytes: root, digest: await sha256.encode(root) }
  const cid = sha256Cid(dagPb.code, digest)
  await sink.put(cid, bytes)
  return { cid, bytes, header: full }
}

/** The root ground into its namespace, with its digest (checked against the prefix, then the CID's). */
async function grindRoot (root: Uint8Array, record: { bytes: Uint8Array, nonceAt: number }, header: IparoHeader, namespacing: Namespacing): Promise<{ bytes: Uint8Array, digest: Uint8Array }> {
  // the record's head up to the nonce holds the JSON's digest: found nowhere else in the root's bytes
  const recordAt = indexOfBytes(root, record.bytes.subarray(0, record.nonceAt))
  if (recordAt < 0) throw new NamespaceGrindError('the header record is not in the root block')
  const prefix = await namespacePrefix(namespacing.layout, namespaceKey(header))
  const nonceAt = recordAt + record.nonceAt
  const ground = await namespacing.grind(root, nonceAt, prefix)
  // a grinder's answer is checked, not trusted: it may run elsewhere (a worker)
  const digest = await sha256.encode(ground)
  if (!onlyNonceDiffers(root, ground, nonceAt) || !hasPrefix(digest, prefix)) {
    throw new NamespaceGrindError('the grinder returned a root outside the namespace')
  }
  return { bytes: ground, digest }
}

function onlyNonceDiffers (a: Uint8Array, b: Uint8Array, nonceAt: number): boolean {
  if (a.byteLength !== b.byteLength) return false
  for (let i = 0; i < a.byteLength; i++) {
    if (a[i] !== b[i] && (i < nonceAt || i >= nonceAt + NONCE_DIGITS)) return false
  }
  return true
}

/**
 * An IPARO root block of any type (already verified against `cid`) as its dag-pb node, its UnixFS file
 * metadata and its own data, the header record: what every IPMT's reader checks first.
 */
export function decodeIparoRoot (cid: CID, bytes: Uint8Array): { node: dagPb.PBNode, unixfs: UnixFS, headerRecord: Uint8Array } {
  if (cid.code !== dagPb.code) throw new InvalidIparoError(`${cid.toString()} is not a dag-pb root`)
  let node: dagPb.PBNode
  let unixfs: UnixFS
  try {
    node = dagPb.decode(bytes)
    if (node.Data == null) throw new Error('no UnixFS data')
    unixfs = UnixFS.unmarshal(node.Data)
  } catch (err) {
    throw new InvalidIparoError(`${cid.toString()} is not a UnixFS file`, { cause: err })
  }
  if (unixfs.type !== 'file' || unixfs.data == null) throw new InvalidIparoError(`${cid.toString()} is not an IPARO: no header data`)
  return { node, unixfs, headerRecord: unixfs.data }
}

/** Decodes and validates an IPARO root block (already verified against `cid`). */
export function decodeIparo (cid: CID, bytes: Uint8Array): DecodedIparo {
  const { node, unixfs, headerRecord } = decodeIparoRoot(cid, bytes)
  const header = decodeHeaderRecord(headerRecord)
  if (node.Links.length !== header.pieces.length || unixfs.blockSizes.length !== header.pieces.length) {
    throw new InvalidIparoError(`${cid.toString()}: header lists ${header.pieces.length} pieces, the node has ${node.Links.length}`)
  }
  header.pieces.forEach((piece, i) => {
    const link = node.Links[i]
    if (link == null || !link.Hash.equals(CID.parse(piece.cid)) || unixfs.blockSizes[i] !== BigInt(piece.length)) {
      throw new InvalidIparoError(`${cid.toString()}: piece ${i} (${piece.role}) does not match the node's links`)
    }
  })
  return {
    cid,
    header,
    headerRecord,
    pieces: header.pieces.map((p, i) => ({ ...p, tsize: node.Links[i]?.Tsize ?? p.length })),
    length: headerRecord.byteLength + header.pieces.reduce((n, p) => n + p.length, 0)
  }
}

/** The header from the root block alone: exactly one block fetch, verified against the CID. */
export async function readIparo (blocks: BlockGetter, cid: CID, options?: BlockOptions): Promise<DecodedIparo> {
  const bytes = await verifyBlock(cid, await blocks.get(cid, options))
  return decodeIparo(cid, bytes)
}

/** The record separator every IPARO ends its response record with: one shared 4-byte raw block. */
export async function trailerPiece (sink: BlockSink): Promise<PieceInput> {
  const bytes = new TextEncoder().encode('\r\n\r\n')
  const cid = CID.createV1(raw.code, await sha256.digest(bytes))
  await sink.put(cid, bytes)
  return { role: 'trailer', cid, length: bytes.byteLength, tsize: bytes.byteLength }
}
