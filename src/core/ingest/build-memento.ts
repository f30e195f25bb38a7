import { concat } from 'uint8arrays/concat'
import { IPARO_FORMAT_VERSION, type IparoHeader, type RevisitInfo, type VersionLink } from '../iparo/iparo-header.ts'
import { buildIparo, type BuiltIparo, type PieceInput } from '../iparo/iparo-root.ts'
import type { Namespacing } from '../namespace/namespacing.ts'
import { importKubo, type BlockSink } from '../iparo/kubo-import.ts'
import { surt } from '../surt.ts'
import type { Capture } from './capture.ts'

/** Where the new IPARO sits in its URL's version chain (chosen by the linking policy). */
export interface ChainPlace {
  seq: number
  links: VersionLink[]
  chain?: unknown
}

/**
 * The memento's response record as the IPARO stores it: the source's WARC headers with Content-Length
 * set to the bytes actually stored. A revisit whose original was found becomes a complete `response`
 * (its own headers kept, the original's payload shared); its source type stays visible.
 */
export function responseHead (c: Capture, payloadLength: number): Uint8Array {
  const http = c.http?.head ?? new Uint8Array(0)
  let headers = c.warc.headers.with('Content-Length', String(http.byteLength + payloadLength))
  const resolvedRevisit = c.warc.type === 'revisit' && replayable(c)
  if (resolvedRevisit) headers = headers.with('WARC-Type', 'response').with('WARC-IPARO-Source-Type', 'revisit')
  // The block digest no longer describes the stored bytes when they were changed or completed.
  if (c.modified || resolvedRevisit) headers = headers.without('WARC-Block-Digest')
  return concat([headers.toBytes(c.warc.version), http])
}

/** The IPARO header for a capture, minus pieces (filled when the root is built). */
export function mementoHeader (c: Capture, place: ChainPlace): Omit<IparoHeader, 'pieces'> {
  // Fields assigned one by one in the order JSON.stringify writes them (the header's bytes, hence its
  // CID, depend on it): the spreads and Object.entries filters this replaces were a visible part of
  // an ingest's time. The cast is completed by the assignments of record, digests, seq and links below.
  const header = { iparo: IPARO_FORMAT_VERSION, type: 'memento', uri: c.uri, datetime: c.datetime } as Omit<IparoHeader, 'pieces'>
  if (c.http != null) header.status = c.http.status
  if (c.mime != null) header.mime = c.mime
  header.method = c.request?.method ?? 'GET'
  if (c.key !== surt(c.uri)) header.key = c.key
  if (c.title != null) header.title = c.title
  const record: IparoHeader['record'] = { type: c.warc.type } as IparoHeader['record']
  if (c.warc.id != null) record.id = c.warc.id
  record.warc = c.warc.version
  record.date = c.warc.date
  header.record = record
  const digests: IparoHeader['digests'] = {}
  if (c.digests.computed !== undefined) digests.computed = c.digests.computed
  if (c.digests.declared !== undefined) digests.declared = c.digests.declared
  if (c.digests.declaredMatches !== undefined) digests.declaredMatches = c.digests.declaredMatches
  header.digests = digests
  header.seq = place.seq
  header.links = place.links
  if (place.chain !== undefined) header.chain = place.chain
  if (c.revisit != null) header.revisit = revisitHeader(c.revisit, replayable(c))
  if (c.redacted.length > 0) header.redacted = c.redacted
  if (c.warnings.length > 0) header.warnings = c.warnings
  if (c.reconstructed != null) header.reconstructed = c.reconstructed
  return header
}

/** A revisit is replayable once its original's payload is shared, or when its own payload is known (empty). */
function replayable (c: Capture): boolean {
  return c.payload != null || c.revisit?.resolved === true
}

/** The header's revisit fields, the defined ones in this order (the header's bytes, hence its CID, depend on it). */
function revisitHeader (r: NonNullable<Capture['revisit']>, resolved: boolean): RevisitInfo {
  // completed by the assignment of `resolved`, last as before
  const out = {} as RevisitInfo
  if (r.profile !== undefined) out.profile = r.profile
  if (r.refersTo !== undefined) out.refersTo = r.refersTo
  if (r.refersToUri !== undefined) out.refersToUri = r.refersToUri
  if (r.refersToDate !== undefined) out.refersToDate = r.refersToDate
  if (r.original !== undefined) out.original = r.original
  out.resolved = resolved
  return out
}

/** Stores the capture's response head piece and its IPARO root. Payload and request are already stored. */
export async function buildMemento (c: Capture, place: ChainPlace, trailer: PieceInput, sink: BlockSink, namespacing?: Namespacing): Promise<BuiltIparo> {
  const payloadLength = c.payload?.length ?? 0
  const head = c.head ?? await importKubo(responseHead(c, payloadLength), sink)
  const pieces: PieceInput[] = [{ role: 'response-head', ...head }]
  if (c.payload != null) pieces.push({ role: 'payload', ...c.payload })
  pieces.push(trailer)
  if (c.request != null) pieces.push({ role: 'request', ...c.request.piece })
  return buildIparo(mementoHeader(c, place), pieces, sink, namespacing)
}
