import { CID } from 'multiformats/cid'
import { parseIso, type Datetime } from '../datetime.ts'
import { InvalidIparoError } from '../errors.ts'
import { IPARO_FORMAT_VERSION } from '../iparo/iparo-header.ts'

/** The memento an annotation is about: its IPARO, its URI-M and its memento datetime. */
export interface AnnotationTarget {
  cid: string
  uriM: string
  datetime: Datetime
}

/** The one piece of an annotation IPARO: the WARC record holding the Web Annotation (JSON-LD). */
export interface AnnotationPiece {
  role: 'annotation'
  cid: string
  length: number
}

/** The header of an `annotation` IPARO (docs/annotations.md), in the envelope every IPARO type shares. */
export interface AnnotationHeader {
  iparo: number
  type: 'annotation'
  /** the target memento's original URI (URI-R) */
  uri: string
  /** when the annotation was made */
  datetime: Datetime
  target: AnnotationTarget
  pieces: [AnnotationPiece]
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function fail (what: string): never {
  throw new InvalidIparoError(`not an annotation IPARO header: ${what}`)
}

/** A datetime exactly as normalised (parseIso of itself): anything else is refused, never repaired. */
function normalised (value: unknown, what: string): Datetime {
  if (typeof value !== 'string') return fail(`${what} is not a string`)
  let parsed: Datetime
  try {
    parsed = parseIso(value)
  } catch (err) {
    throw new InvalidIparoError(`not an annotation IPARO header: ${what} is not a datetime`, { cause: err })
  }
  if (parsed !== value || !value.endsWith('Z')) fail(`${what} is not a normalised UTC datetime`)
  return value
}

function cidText (value: unknown, what: string): string {
  if (typeof value !== 'string') return fail(`${what} is not a CID`)
  try {
    if (CID.parse(value).toString() !== value) fail(`${what} is not a CID in its canonical form`)
  } catch (err) {
    if (err instanceof InvalidIparoError) throw err
    throw new InvalidIparoError(`not an annotation IPARO header: ${what} is not a CID`, { cause: err })
  }
  return value
}

function absoluteUrl (value: unknown, what: string): string {
  if (typeof value !== 'string' || !URL.canParse(value)) return fail(`${what} is not an absolute URL`)
  return value
}

function target (value: unknown): AnnotationTarget {
  if (!isRecord(value)) return fail('target is not an object')
  return { cid: cidText(value.cid, 'target.cid'), uriM: absoluteUrl(value.uriM, 'target.uriM'), datetime: normalised(value.datetime, 'target.datetime') }
}

function piece (value: unknown): AnnotationPiece {
  if (!Array.isArray(value) || value.length !== 1 || !isRecord(value[0])) return fail('pieces is not a list of one piece')
  const p = value[0]
  if (p.role !== 'annotation') fail(`piece role is ${JSON.stringify(p.role)}, not "annotation"`)
  if (typeof p.length !== 'number' || !Number.isSafeInteger(p.length) || p.length <= 0) fail('piece length is not a positive integer')
  return { role: 'annotation', cid: cidText(p.cid, 'piece cid'), length: p.length as number }
}

/** Validates a parsed header JSON strictly: a malformed annotation is an error, never shown. */
export function validateAnnotationHeader (json: unknown): AnnotationHeader {
  if (!isRecord(json)) return fail('not an object')
  if (json.iparo !== IPARO_FORMAT_VERSION) fail(`unsupported format version ${String(json.iparo)}`)
  if (json.type !== 'annotation') fail(`type is ${JSON.stringify(json.type)}`)
  const uri = absoluteUrl(json.uri, 'uri')
  return {
    iparo: IPARO_FORMAT_VERSION,
    type: 'annotation',
    uri,
    datetime: normalised(json.datetime, 'datetime'),
    target: target(json.target),
    pieces: [piece(json.pieces)]
  }
}
