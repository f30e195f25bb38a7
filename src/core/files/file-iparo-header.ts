import { CID } from 'multiformats/cid'
import { parseIso } from '../datetime.ts'
import { InvalidIparoError } from '../errors.ts'
import type { HeaderEnvelope } from '../iparo/header-record.ts'

/** The header of a whole-file IPARO (`warc`, `wacz`): docs/whole-file-iparos.md. Fields in writing order. */
export interface FileIparoHeader extends HeaderEnvelope {
  iparo: 1
  type: 'warc' | 'wacz'
  /** `file:///<name, percent-encoded>` */
  uri: string
  /** the first record's WARC-Date, normalised */
  datetime: string
  name: string
  size: number
  /** `sha256:` and the base32 digest of the file, as WARC writes digests */
  sha256: string
  /** the chunking, as Kubo's `--chunker` names it (`size-32768`) */
  chunker: string
  /** whether the file is gzip members (one per record): index offsets are then members' */
  gzip: boolean
  records: number
  /** the index root's CID */
  index: string
  pieces: Array<{ role: 'file', cid: string, length: number }>
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0

/** A datetime as IPARO headers write it: ISO 8601 UTC, normalised (parsing it gives it back). */
function isDatetimeString (v: string): boolean {
  try {
    return parseIso(v) === v
  } catch {
    return false
  }
}

function isCid (v: unknown): boolean {
  if (typeof v !== 'string') return false
  try {
    CID.parse(v)
    return true
  } catch {
    return false
  }
}

/** Checks every field a reader uses; anything else is an InvalidIparoError naming the field. */
export function validateFileHeader (json: unknown, where: string): FileIparoHeader {
  const fail = (what: string): never => { throw new InvalidIparoError(`${where}: whole-file IPARO header: ${what}`) }
  if (!isRecord(json)) return fail('not an object')
  if (json.iparo !== 1) return fail(`unsupported version ${String(json.iparo)}`)
  if (json.type !== 'warc' && json.type !== 'wacz') return fail(`type ${JSON.stringify(json.type)} is not warc or wacz`)
  if (typeof json.uri !== 'string' || typeof json.name !== 'string') return fail('uri and name must be strings')
  if (typeof json.datetime !== 'string' || !isDatetimeString(json.datetime)) return fail('bad datetime')
  if (!isCount(json.size) || !isCount(json.records)) return fail('size and records must be counts')
  if (typeof json.sha256 !== 'string' || !json.sha256.startsWith('sha256:')) return fail('bad sha256')
  if (typeof json.chunker !== 'string' || typeof json.gzip !== 'boolean') return fail('bad chunker or gzip')
  if (!isCid(json.index)) return fail('bad index CID')
  const pieces = json.pieces
  if (!Array.isArray(pieces) || pieces.length !== 1) return fail('pieces must be the one file piece')
  const [piece] = pieces as unknown[]
  if (!isRecord(piece) || piece.role !== 'file' || !isCid(piece.cid) || piece.length !== json.size) return fail('bad file piece')
  return json as unknown as FileIparoHeader
}
