import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { verifyBlock, type BlockGetter } from '../blocks.ts'
import type { BlockSink } from '../iparo/kubo-import.ts'
import { ArchiveError } from '../errors.ts'
import { sha256Cid } from '../iparo/sha256-cid.ts'
import { KEY_SCHEME } from '../surt.ts'
import { NAMESPACE_LAYOUT_VERSION, validLayout, type NamespaceClaim } from '../namespace/namespace-layout.ts'

export const ARCHIVE_FORMAT_VERSION = 1

export interface Manifest {
  title: string
  description: string
  created: string
  /** the archive key's public key, libp2p protobuf bytes (its IPNS name derives from it) */
  publicKey: Uint8Array
  software: string
  /**
   * `keys`: the URL-map key scheme (src/core/surt.ts KEY_SCHEME). Absent in archives written before
   * scheme 2: their keys are scheme 1 (src/core/surt-v1.ts), and lookups try both (docs/url-map.md).
   */
  formats: { iparo: number, archive: number, keys?: number }
  /**
   * the CID namespace layout its ingests grind IPAROs into (`iparo ingest --namespace`,
   * docs/namespacing.md); absent when they do not
   */
  namespace?: NamespaceClaim
}

/** One ingest: real IPLD links to every object it created, and to the ingest before it. */
export interface IngestBatch {
  prev: CID | null
  created: string
  sources: string[]
  mementos: number
  /** dag-cbor nodes of up to BATCH_CHUNK links each: IPAROs and TimeMap segment objects */
  chunks: CID[]
}

/** The archive root, the value of its IPNS record. */
export interface ArchiveRoot {
  type: 'iparo-archive'
  version: number
  manifest: Manifest
  /** the URL map (docs/url-map.md): SURT → head IPARO, title, first, last, count */
  urls: CID
  /** the newest ingest batch; following `prev` reaches every version ever archived */
  log: CID | null
  counts: { urls: number, mementos: number }
  /** the archive's annotations (docs/annotations.md): absent until the first one is made */
  annotations?: CID
  /** the archive's whole-file IPAROs (`warc`, `wacz`; docs/whole-file-iparos.md): absent until the first */
  files?: CID
}

/** The root's optional links, which an ingest carries over unchanged: each has its own writer. */
export type RootExtras = Pick<ArchiveRoot, 'annotations' | 'files'>
const EXTRA_FIELDS = ['annotations', 'files'] as const

export function rootExtras (root: ArchiveRoot): RootExtras {
  const extras: RootExtras = {}
  for (const field of EXTRA_FIELDS) {
    const link = root[field]
    if (link != null) extras[field] = link
  }
  return extras
}

export const BATCH_CHUNK = 1024

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array)

export async function putCbor (sink: BlockSink, value: unknown): Promise<CID> {
  const bytes = dagCbor.encode(value)
  const cid = sha256Cid(dagCbor.code, await sha256.encode(bytes))
  await sink.put(cid, bytes)
  return cid
}

export async function getCbor (blocks: BlockGetter, cid: CID): Promise<unknown> {
  if (cid.code !== dagCbor.code) throw new ArchiveError(`${cid.toString()} is not dag-cbor`)
  try {
    return dagCbor.decode(await verifyBlock(cid, await blocks.get(cid)))
  } catch (err) {
    if (err instanceof Error && err.name === 'BlockVerificationError') throw err
    if (err instanceof Error && err.name === 'BlockNotFoundError') throw err
    throw new ArchiveError(`${cid.toString()} is not a readable dag-cbor block`, { cause: err })
  }
}

/** Reads and checks an archive root: a malformed root is an error, never a half-read archive. */
export async function readArchiveRoot (blocks: BlockGetter, cid: CID): Promise<ArchiveRoot> {
  const value = await getCbor(blocks, cid)
  const fail = (what: string): never => { throw new ArchiveError(`${cid.toString()} is not an IPARO archive root: ${what}`) }
  if (!isRecord(value) || value.type !== 'iparo-archive') return fail('wrong type')
  if (value.version !== ARCHIVE_FORMAT_VERSION) return fail(`unsupported version ${String(value.version)}`)
  const m = value.manifest
  if (!isRecord(m) || typeof m.title !== 'string' || typeof m.description !== 'string' || typeof m.created !== 'string' ||
    !(m.publicKey instanceof Uint8Array) || typeof m.software !== 'string' || !isRecord(m.formats)) return fail('bad manifest')
  const keys = m.formats.keys
  if (keys !== undefined && !(Number.isSafeInteger(keys) && (keys as number) >= 1 && (keys as number) <= KEY_SCHEME)) return fail(`unsupported key scheme ${String(keys)}`)
  const ns = m.namespace
  if (ns !== undefined && !(isRecord(ns) && ns.layout === NAMESPACE_LAYOUT_VERSION && validLayout(ns as unknown as NamespaceClaim))) return fail('bad namespace layout')
  if (CID.asCID(value.urls) == null) return fail('no URL map')
  if (value.log !== null && CID.asCID(value.log) == null) return fail('bad ingest log link')
  for (const field of EXTRA_FIELDS) {
    if (value[field] !== undefined && CID.asCID(value[field]) == null) fail(`bad ${field} link`)
  }
  const counts = value.counts
  if (!isRecord(counts) || !Number.isSafeInteger(counts.urls) || !Number.isSafeInteger(counts.mementos)) return fail('bad counts')
  return value as unknown as ArchiveRoot
}

/** The URL-map key scheme of an archive: 1 for roots written before the manifest recorded it. */
export const keySchemeOf = (root: { manifest: Manifest }): number => root.manifest.formats.keys ?? 1

export async function writeArchiveRoot (sink: BlockSink, root: ArchiveRoot): Promise<CID> {
  return putCbor(sink, root)
}

/** Every ingest batch node from the newest back (its objects not read: see batchObjects). */
export async function * readIngestBatches (blocks: BlockGetter, log: CID | null): AsyncGenerator<{ cid: CID, batch: IngestBatch }> {
  const seen = new Set<string>()
  for (let cid = log; cid != null;) {
    if (seen.has(cid.toString())) throw new ArchiveError(`ingest log loops at ${cid.toString()}`)
    seen.add(cid.toString())
    const value = await getCbor(blocks, cid)
    if (!isRecord(value) || !Array.isArray(value.chunks)) throw new ArchiveError(`${cid.toString()} is not an ingest batch`)
    const batch = value as unknown as IngestBatch
    yield { cid, batch }
    cid = batch.prev == null ? null : CID.asCID(batch.prev)
  }
}

/** The objects one batch created, in creation order, read chunk by chunk. */
export async function * batchObjects (blocks: BlockGetter, batch: IngestBatch): AsyncGenerator<CID> {
  for (const chunk of batch.chunks) {
    const node = await getCbor(blocks, chunk)
    if (!isRecord(node) || !Array.isArray(node.objects)) throw new ArchiveError(`${String(chunk)} is not an ingest chunk`)
    for (const o of node.objects) {
      const link = CID.asCID(o)
      if (link != null) yield link
    }
  }
}

/** Every ingest batch from the newest back, with the objects each created. */
export async function * readIngestLog (blocks: BlockGetter, log: CID | null): AsyncGenerator<{ cid: CID, batch: IngestBatch, objects: CID[] }> {
  for await (const { cid, batch } of readIngestBatches(blocks, log)) {
    const objects: CID[] = []
    for await (const link of batchObjects(blocks, batch)) objects.push(link)
    yield { cid, batch, objects }
  }
}
