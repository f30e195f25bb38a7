import type { Datetime } from '../datetime.ts'
import { InvalidIparoError } from '../errors.ts'

/** One replayable record of a whole-file IPARO, as its index holds it (docs/whole-file-iparos.md). */
export interface FileIndexEntry {
  /** `surt(uri) + ' ' + toDigits(datetime)`: the sort key */
  key: string
  /** the WARC-Target-URI as written (angle brackets removed) */
  uri: string
  /** WARC-Date, normalised as IPARO headers write it */
  datetime: Datetime
  /** where the record lies in the file: for a .warc.gz, its gzip member (compressed offset and length) */
  offset: number
  length: number
  type: 'response' | 'resource' | 'revisit'
  status?: number
  mime?: string
  /** WARC-Payload-Digest as declared */
  digest?: string
  /** for revisits: WARC-Refers-To-Target-URI and WARC-Refers-To-Date as written */
  refersToUri?: string
  refersToDate?: string
}

/** The dag-cbor form: a positional array (a third of the bytes of a map with field names). */
export type EncodedEntry = [string, string, string, number, number, string, number | null, string | null, string | null, string | null, string | null]

const TYPES = new Set(['response', 'resource', 'revisit'])

export function encodeEntry (e: FileIndexEntry): EncodedEntry {
  return [e.key, e.uri, e.datetime, e.offset, e.length, e.type, e.status ?? null, e.mime ?? null, e.digest ?? null, e.refersToUri ?? null, e.refersToDate ?? null]
}

const optional = <T>(v: T | null | undefined): T | undefined => v ?? undefined
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0
const isOptionalString = (v: unknown): boolean => v === null || typeof v === 'string'

/** Checks an entry read from an index node: a malformed one is an InvalidIparoError, never a guess. */
export function decodeEntry (value: unknown, where: string): FileIndexEntry {
  if (!Array.isArray(value) || value.length !== 11) throw new InvalidIparoError(`${where}: an index entry is not an 11-item array`)
  const [key, uri, datetime, offset, length, type, status, mime, digest, refersToUri, refersToDate] = value as unknown[]
  if (typeof key !== 'string' || typeof uri !== 'string' || typeof datetime !== 'string' || !isCount(offset) || !isCount(length) ||
    typeof type !== 'string' || !TYPES.has(type) || !(status === null || isCount(status)) ||
    ![mime, digest, refersToUri, refersToDate].every(isOptionalString)) {
    throw new InvalidIparoError(`${where}: malformed index entry ${JSON.stringify(key)}`)
  }
  return {
    key, uri, datetime, offset, length, type: type as FileIndexEntry['type'],
    status: optional(status as number | null),
    mime: optional(mime as string | null),
    digest: optional(digest as string | null),
    refersToUri: optional(refersToUri as string | null),
    refersToDate: optional(refersToDate as string | null)
  }
}
