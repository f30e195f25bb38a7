import { base32 } from 'multiformats/bases/base32'
import { CID } from 'multiformats/cid'
import { parseIso, type Datetime } from '../datetime.ts'
import { InvalidIparoError } from '../errors.ts'
import { NAMESPACE_LAYOUT_VERSION, validLayout, type NamespaceClaim } from '../namespace/namespace-layout.ts'

/** Version of the IPARO header layout (docs/iparo-format.md). Readers refuse majors they do not know. */
export const IPARO_FORMAT_VERSION = 1
export const IPARO_HEADER_MEDIA_TYPE = 'application/vnd.iparo.header+json'

/**
 * IPMT: what the object is. `memento` (one HTTP exchange) is the header below; the other types share
 * the envelope (src/core/iparo/header-record.ts) and validate their own fields in their own modules.
 */
export type IparoType = 'memento' | 'warc' | 'wacz' | 'har' | 'annotation'
/** The types this version reads: a header of another type is an error, never a misread memento. */
export const IPARO_TYPES: readonly IparoType[] = ['memento', 'warc', 'wacz', 'har', 'annotation']

export type PieceRole = 'response-head' | 'payload' | 'trailer' | 'request'

export interface IparoPiece {
  role: PieceRole
  cid: string
  length: number
}

/** A link to an earlier-appended version of the same URL: the target's CID, datetime and sequence number. */
export interface VersionLink {
  cid: string
  datetime: Datetime
  seq: number
  role: string
}

export interface RevisitInfo {
  profile?: string
  refersTo?: string
  refersToUri?: string
  refersToDate?: string
  /** The IPARO whose payload this memento shares, when the original was found. */
  original?: string
  resolved: boolean
}

export interface IparoHeader {
  iparo: number
  type: 'memento'
  uri: string
  /** memento datetime, the WARC-Date at its full precision */
  datetime: Datetime
  /** HTTP status; absent for resource records and unresolved revisits without an HTTP head */
  status?: number
  mime?: string
  method?: string
  /** the URL-map key when it is not the SURT key of `uri`: a request key (method and canonical body, docs/url-map.md) */
  key?: string
  title?: string
  record: {
    /** the WARC record type this memento was made from */
    type: 'response' | 'resource' | 'revisit'
    id?: string
    /** WARC version line of the source record, e.g. `WARC/1.0` */
    warc: string
    /** WARC-Date exactly as written in the source */
    date: string
  }
  digests: {
    /** sha256 of the payload bytes as stored (base32, WARC convention); absent without a payload */
    computed?: string
    /** WARC-Payload-Digest as declared by the source, kept even when wrong */
    declared?: string
    /** whether `declared` matches the stored payload; absent when it could not be checked */
    declaredMatches?: boolean
  }
  pieces: IparoPiece[]
  seq: number
  links: VersionLink[]
  /** linking-policy data (summaries), opaque to the format */
  chain?: unknown
  revisit?: RevisitInfo
  /** header names whose values were replaced before storage (privacy) */
  redacted?: string[]
  warnings?: string[]
  /**
   * What the memento's HTTP messages were given that its source did not hold (a HAR's: status reason,
   * Content-Length, …; docs/formats.md), from the source record's `WARC-IPARO-Reconstructed` field
   */
  reconstructed?: string[]
  /**
   * The CID namespace the root was ground into (docs/iparo-format.md, section 9): its digest starts with
   * the archival tag's `bits` and `urlBits` of sha256(key), `key` being `key` or the SURT key of `uri`
   */
  namespace?: NamespaceClaim
}

function fail (message: string): never {
  throw new InvalidIparoError(`invalid IPARO header: ${message}`)
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

function checkCid (v: unknown, what: string): string {
  if (typeof v !== 'string') fail(`${what} is not a CID string`)
  try {
    // What CID.parse(v).toString() gives for the base32 form every header writes: v itself. Without
    // parse, which caches v in a WeakMap entry per CID: a run reads thousands of headers.
    if (v[0] === 'b') {
      if (CID.decode(base32.decode(v)).version === 0) throw new Error('Version 0 CID string must not include multibase prefix')
      return v
    }
    return CID.parse(v).toString()
  } catch (err) {
    throw new InvalidIparoError(`invalid IPARO header: ${what} is not a CID`, { cause: err })
  }
}

function checkDatetime (v: unknown, what: string): Datetime {
  if (typeof v !== 'string') fail(`${what} is not a datetime`)
  try {
    if (parseIso(v) !== v) fail(`${what} is not a normalized datetime`)
  } catch (err) {
    throw new InvalidIparoError(`invalid IPARO header: ${what} is not a datetime`, { cause: err })
  }
  return v
}

const optionalString = (o: Record<string, unknown>, key: string): void => {
  if (o[key] !== undefined && typeof o[key] !== 'string') fail(`${key} is not a string`)
}

function checkNamespace (v: unknown): void {
  if (!isObject(v) || v.layout !== NAMESPACE_LAYOUT_VERSION || !validLayout({ bits: v.bits as number, urlBits: v.urlBits as number })) fail('namespace is malformed')
}

/**
 * Checks a parsed header against the version-1 contract. Unknown extra fields are allowed (minor
 * additions stay readable); every field a reader relies on is checked, so a malicious or damaged
 * header is an error, never wrong data.
 */
export function validateHeader (value: unknown): IparoHeader {
  if (!isObject(value)) fail('not an object')
  if (value.iparo !== IPARO_FORMAT_VERSION) fail(`unsupported format version ${String(value.iparo)}`)
  if (value.type !== 'memento') fail(IPARO_TYPES.includes(value.type as IparoType) ? `a ${String(value.type)} IPARO, not a memento` : `unknown type ${String(value.type)}`)
  if (typeof value.uri !== 'string' || value.uri === '') fail('uri missing')
  checkDatetime(value.datetime, 'datetime')
  if (value.status !== undefined && !(isCount(value.status) && value.status <= 999)) fail('status is not an HTTP status')
  for (const key of ['mime', 'method', 'title', 'key']) optionalString(value, key)
  const record = value.record
  if (!isObject(record) || !['response', 'resource', 'revisit'].includes(String(record.type)) ||
    typeof record.warc !== 'string' || typeof record.date !== 'string') fail('record is malformed')
  optionalString(record, 'id')
  if (!isObject(value.digests)) fail('digests missing')
  optionalString(value.digests, 'computed')
  optionalString(value.digests, 'declared')
  if (!Array.isArray(value.pieces)) fail('pieces missing')
  for (const piece of value.pieces as unknown[]) {
    if (!isObject(piece) || !['response-head', 'payload', 'trailer', 'request'].includes(String(piece.role)) || !isCount(piece.length)) fail('piece is malformed')
    checkCid(piece.cid, 'piece cid')
  }
  if (!isCount(value.seq)) fail('seq is not a count')
  if (!Array.isArray(value.links)) fail('links missing')
  for (const link of value.links as unknown[]) {
    if (!isObject(link) || typeof link.role !== 'string' || !isCount(link.seq)) fail('link is malformed')
    checkCid(link.cid, 'link cid')
    checkDatetime(link.datetime, 'link datetime')
    // Links only point back in append order: a forward or self link would let a reader loop.
    if (link.seq >= value.seq) fail(`link to seq ${link.seq} from seq ${value.seq}`)
  }
  if (value.revisit !== undefined) {
    if (!isObject(value.revisit) || typeof value.revisit.resolved !== 'boolean') fail('revisit is malformed')
    if (value.revisit.original !== undefined) checkCid(value.revisit.original, 'revisit original')
  }
  if (value.namespace !== undefined) checkNamespace(value.namespace)
  if (value.reconstructed !== undefined && !(Array.isArray(value.reconstructed) && value.reconstructed.every(r => typeof r === 'string'))) fail('reconstructed is not a list of strings')
  return value as unknown as IparoHeader
}
