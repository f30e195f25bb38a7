import { sha256 } from 'multiformats/hashes/sha2'
import { indexOfBytes } from '../bytes.ts'
import { InvalidIparoError } from '../errors.ts'
import { NONCE_DIGITS } from '../namespace/grind-nonce.ts'
import type { NamespaceClaim } from '../namespace/namespace-layout.ts'
import { IPARO_FORMAT_VERSION, IPARO_HEADER_MEDIA_TYPE, validateHeader, type IparoHeader } from './iparo-header.ts'

/**
 * What every IPARO header has, whatever its type (IPMT): the envelope fields the metadata record's
 * WARC head repeats. `record.id` (the source record's ID) becomes WARC-Refers-To when present.
 */
export interface HeaderEnvelope {
  iparo: number
  type: string
  uri: string
  datetime: string
  record?: { id?: string }
  /** a CID namespace claim (docs/iparo-format.md, section 9): the record then carries a nonce field */
  namespace?: NamespaceClaim
}

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })
export const CRLF2 = encoder.encode('\r\n\r\n')

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'))

function hex (bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += HEX[b] ?? ''
  return s
}

/**
 * The IPARO header as a complete WARC `metadata` record (head, JSON block, record separator). These bytes
 * are the root block's own UnixFS data, so the whole header is one block fetch and the file still reads
 * as a WARC. The record ID is derived from the JSON, so the same header always gives the same bytes.
 */
export async function encodeHeaderRecord (header: HeaderEnvelope): Promise<Uint8Array> {
  return (await encodeRecord(header)).bytes
}

/**
 * The record of a header with a namespace claim: its head holds `WARC-IPARO-Nonce` with NONCE_DIGITS
 * zeros at `nonceAt`, for the grinder to overwrite in place. The nonce is outside the JSON, so the
 * record ID stays the same at every try and a try re-hashes the root block only.
 */
export async function encodeNoncedHeaderRecord (header: HeaderEnvelope): Promise<{ bytes: Uint8Array, nonceAt: number }> {
  return encodeRecord(header, true)
}

const NONCE_FIELD = 'WARC-IPARO-Nonce: '

async function encodeRecord (header: HeaderEnvelope, nonce = false): Promise<{ bytes: Uint8Array, nonceAt: number }> {
  const json = encoder.encode(JSON.stringify(header))
  const digest = await sha256.encode(json)
  // The head written directly (what WarcHeaders.toBytes gives for these fields), and head, JSON and
  // separator copied once into the result: this runs for every memento.
  let head = `WARC/1.1\r\nWARC-Type: metadata\r\nWARC-Record-ID: <urn:iparo:header:${hex(digest.subarray(0, 16))}>\r\n` +
    `WARC-Date: ${header.datetime}\r\nWARC-Target-URI: ${header.uri}\r\n`
  if (header.record?.id != null) head += `WARC-Refers-To: ${header.record.id}\r\n`
  let nonceAt = -1
  if (nonce) {
    // in bytes, not characters: a URI or record ID may hold non-ASCII
    nonceAt = encoder.encode(head).byteLength + NONCE_FIELD.length
    head += `${NONCE_FIELD}${'0'.repeat(NONCE_DIGITS)}\r\n`
  }
  head += `Content-Type: ${IPARO_HEADER_MEDIA_TYPE}; version=${IPARO_FORMAT_VERSION}\r\nContent-Length: ${json.byteLength}\r\n\r\n`
  const headBytes = encoder.encode(head)
  const out = new Uint8Array(headBytes.byteLength + json.byteLength + CRLF2.byteLength)
  out.set(headBytes)
  out.set(json, headBytes.byteLength)
  out.set(CRLF2, headBytes.byteLength + json.byteLength)
  return { bytes: out, nonceAt }
}

/** Parses the metadata record held in a root block's data and validates its (memento) header. */
export function decodeHeaderRecord (bytes: Uint8Array): IparoHeader {
  return validateHeader(decodeHeaderJson(bytes))
}

/**
 * The header record's JSON, parsed but not validated: the envelope is checked (a WARC metadata record
 * of the IPARO header media type, lengths agreeing); each IPARO type validates its own fields.
 */
export function decodeHeaderJson (bytes: Uint8Array): unknown {
  const headEnd = indexOfBytes(bytes, CRLF2)
  if (headEnd < 0) throw new InvalidIparoError('IPARO header record has no end of WARC head')
  let head: string
  try {
    head = decoder.decode(bytes.subarray(0, headEnd))
  } catch (err) {
    throw new InvalidIparoError('IPARO header record head is not UTF-8', { cause: err })
  }
  const lines = head.split('\r\n')
  if (!/^WARC\/1\.[01]$/.test(lines[0] ?? '')) throw new InvalidIparoError('IPARO header record is not a WARC record')
  const fields = new Map<string, string>()
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':')
    if (colon > 0) fields.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim())
  }
  if (fields.get('warc-type') !== 'metadata') throw new InvalidIparoError('IPARO header record is not a metadata record')
  const type = fields.get('content-type') ?? ''
  if (!type.startsWith(IPARO_HEADER_MEDIA_TYPE)) throw new InvalidIparoError(`IPARO header record has content type ${JSON.stringify(type)}`)
  const length = Number(fields.get('content-length'))
  const start = headEnd + CRLF2.byteLength
  if (!Number.isSafeInteger(length) || length < 0 || start + length + CRLF2.byteLength !== bytes.byteLength) {
    throw new InvalidIparoError('IPARO header record length does not match its bytes')
  }
  try {
    return JSON.parse(decoder.decode(bytes.subarray(start, start + length)))
  } catch (err) {
    throw new InvalidIparoError('IPARO header is not valid JSON', { cause: err })
  }
}
