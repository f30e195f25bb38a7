import { indexOfBytes } from '../bytes.ts'
import { CRLF2 } from '../iparo/header-record.ts'
import { WarcHeaders } from '../warc/index.ts'
import { InvalidIparoError } from '../errors.ts'

/** The identical-payload-digest profile URI of the record's WARC version (1.0 and 1.1 name their own). */
export function identicalPayloadProfile (version: string): string {
  return `http://netpreserve.org/warc/${version === 'WARC/1.0' ? '1.0' : '1.1'}/revisit/identical-payload-digest`
}

/** The record a revisit's payload is the payload of, as the export wrote it. */
export interface OriginalRecord {
  /** its WARC-Record-ID, when it has one */
  id?: string
  uri: string
  /** its WARC-Date as written */
  date: string
  /** the payload digest the export declares for it (sha256, base32) */
  digest?: string
}

/**
 * The WARC fields an export may add to a revisit record that lacks them, in this order. Ingest removes
 * each added one again (src/core/ingest/carried-header.ts), knowing from the IPARO header written before
 * the record that the source had none: the IPARO rebuilt from the export is then the same bytes.
 */
export const ADDED_REVISIT_FIELDS = ['WARC-Profile', 'WARC-Refers-To', 'WARC-Refers-To-Target-URI', 'WARC-Refers-To-Date', 'WARC-Payload-Digest'] as const

/** Splits a stored response head (WARC head, then the HTTP head) and parses its WARC fields. */
export function splitResponseHead (bytes: Uint8Array): { version: string, headers: WarcHeaders, http: Uint8Array } {
  const end = indexOfBytes(bytes, CRLF2)
  if (end < 0) throw new InvalidIparoError('response-head piece has no end of WARC head')
  const lines = new TextDecoder().decode(bytes.subarray(0, end)).split('\r\n')
  const pairs: Array<[string, string]> = []
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':')
    if (colon <= 0) throw new InvalidIparoError(`response-head piece has a malformed WARC field: ${JSON.stringify(line.slice(0, 60))}`)
    // the inverse of WarcHeaders.toBytes, which wrote these lines as `Name: value`
    pairs.push([line.slice(0, colon), line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1))])
  }
  return { version: lines[0] ?? 'WARC/1.1', headers: new WarcHeaders(pairs), http: bytes.subarray(end + CRLF2.byteLength) }
}

/**
 * A resolved revisit's stored response head turned back into a `revisit` record's head and content (its
 * HTTP head): WARC-Type back to `revisit`, the IPARO marker dropped, Content-Length of the HTTP head alone.
 * With `original`, the reference fields it lacks name that record (identical-payload-digest profile), so
 * pywb, warcio and ReplayWeb.page find the payload; fields it has are kept as the source wrote them.
 */
export function revisitRecordHead (stored: Uint8Array, original: OriginalRecord | undefined): Uint8Array {
  const { version, headers: source, http } = splitResponseHead(stored)
  let headers = source.with('WARC-Type', 'revisit').without('WARC-IPARO-Source-Type').with('Content-Length', String(http.byteLength))
  if (original != null) {
    const refersTo = headers.get('WARC-Refers-To')
    const sameRecord = refersTo == null || refersTo === original.id
    const added: Record<(typeof ADDED_REVISIT_FIELDS)[number], string | undefined> = {
      'WARC-Profile': identicalPayloadProfile(version),
      'WARC-Refers-To': original.id,
      'WARC-Refers-To-Target-URI': sameRecord ? original.uri : undefined,
      'WARC-Refers-To-Date': sameRecord ? original.date : undefined,
      'WARC-Payload-Digest': original.digest
    }
    for (const name of ADDED_REVISIT_FIELDS) {
      const value = added[name]
      if (value != null && headers.get(name) == null) headers = headers.with(name, value)
    }
  }
  const head = headers.toBytes(version)
  const out = new Uint8Array(head.byteLength + http.byteLength + CRLF2.byteLength)
  out.set(head)
  out.set(http, head.byteLength)
  out.set(CRLF2, head.byteLength + http.byteLength)
  return out
}
