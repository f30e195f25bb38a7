import { sha256 } from 'multiformats/hashes/sha2'
import { indexOfBytes } from '../bytes.ts'
import { InvalidIparoError } from '../errors.ts'
import { CRLF2 } from '../iparo/header-record.ts'
import type { AnnotationHeader } from './annotation-header.ts'
import { ANNO_MEDIA_TYPE, checkWebAnnotation, webAnnotation } from './web-annotation.ts'

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

/** What the annotation's id is made from: the same note on the same memento at the same instant is one IPARO. */
export async function annotationId (target: string, created: string, text: string): Promise<string> {
  const digest = await sha256.encode(encoder.encode(`${target}\n${created}\n${text}`))
  return `urn:iparo:annotation:${[...digest.subarray(0, 16)].map(b => b.toString(16).padStart(2, '0')).join('')}`
}

function head (id: string, header: Omit<AnnotationHeader, 'pieces'>, length: number, refersTo?: string): string {
  return `WARC/1.1\r\nWARC-Type: metadata\r\nWARC-Record-ID: <${id}>\r\nWARC-Date: ${header.datetime}\r\n` +
    `WARC-Target-URI: ${header.uri}\r\n${refersTo != null ? `WARC-Refers-To: ${refersTo}\r\n` : ''}` +
    `Content-Type: ${ANNO_MEDIA_TYPE}\r\nContent-Length: ${length}\r\n\r\n`
}

/**
 * The annotation's WARC `metadata` record: the Web Annotation as JSON-LD, about the memento's URI-R,
 * `WARC-Refers-To` the memento's source record when it had an ID. Ends with the record separator.
 */
export async function encodeAnnotationRecord (header: Omit<AnnotationHeader, 'pieces'>, text: string, refersTo?: string): Promise<Uint8Array> {
  const id = await annotationId(header.target.cid, header.datetime, text)
  const json = encoder.encode(JSON.stringify(webAnnotation(id, header, text)))
  const headBytes = encoder.encode(head(id, header, json.byteLength, refersTo))
  const out = new Uint8Array(headBytes.byteLength + json.byteLength + CRLF2.byteLength)
  out.set(headBytes)
  out.set(json, headBytes.byteLength)
  out.set(CRLF2, headBytes.byteLength + json.byteLength)
  return out
}

function fields (bytes: Uint8Array, headEnd: number): Map<string, string> {
  let text: string
  try {
    text = decoder.decode(bytes.subarray(0, headEnd))
  } catch (err) {
    throw new InvalidIparoError('annotation record head is not UTF-8', { cause: err })
  }
  const lines = text.split('\r\n')
  if (lines[0] !== 'WARC/1.1') throw new InvalidIparoError('annotation record is not a WARC/1.1 record')
  const out = new Map<string, string>()
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':')
    if (colon <= 0) throw new InvalidIparoError('annotation record has a malformed head line')
    out.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim())
  }
  return out
}

/** Reads an annotation record back, strictly: it must be exactly what encodeAnnotationRecord writes for this header. Returns the text. */
export async function decodeAnnotationRecord (bytes: Uint8Array, header: AnnotationHeader): Promise<string> {
  const headEnd = indexOfBytes(bytes, CRLF2)
  if (headEnd < 0) throw new InvalidIparoError('annotation record has no end of WARC head')
  const f = fields(bytes, headEnd)
  const start = headEnd + CRLF2.byteLength
  const length = Number(f.get('content-length'))
  if (!Number.isSafeInteger(length) || start + length + CRLF2.byteLength !== bytes.byteLength) throw new InvalidIparoError('annotation record length does not match its bytes')
  let json: unknown
  try {
    json = JSON.parse(decoder.decode(bytes.subarray(start, start + length)))
  } catch (err) {
    throw new InvalidIparoError('annotation record is not JSON', { cause: err })
  }
  const id = /^<(.*)>$/.exec(f.get('warc-record-id') ?? '')?.[1] ?? ''
  const text = checkWebAnnotation(json, header, id)
  if (id !== await annotationId(header.target.cid, header.datetime, text)) throw new InvalidIparoError(`annotation ${id}: the id does not match its content`)
  // the whole record must be what this version writes: no other fields, same order
  const refersTo = f.get('warc-refers-to')
  const expected = encoder.encode(head(id, header, length, refersTo))
  if (start !== expected.byteLength || indexOfBytes(bytes.subarray(0, start), expected) !== 0) throw new InvalidIparoError(`annotation ${id}: unexpected WARC fields`)
  if (refersTo != null && !/^<[^<>\s]+>$/.test(refersTo)) throw new InvalidIparoError(`annotation ${id}: WARC-Refers-To is not a record ID`)
  return text
}
