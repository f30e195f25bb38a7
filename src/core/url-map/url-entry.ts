import { CID } from 'multiformats/cid'
import type { Datetime } from '../datetime.ts'
import { isWellFormed, utf8Length } from './key-order.ts'

/** What the archive knows about one URL (the value stored under its SURT key). */
export interface UrlEntry {
  /** the original URL as last captured (for display) */
  url: string
  /** the head IPARO (newest in the version chain), a real IPLD link */
  head: CID
  title?: string
  /** first and last capture datetimes */
  first: Datetime
  last: Datetime
  /** number of versions */
  count: number
  /**
   * The URL's version index (docs/linking-policies.md, "The version index"): a URL map keyed by
   * (datetime, seq) with one entry per version. Absent while the URL has one version, and in archives
   * written before it existed; readers then walk the version chain.
   */
  versions?: CID
  /**
   * A page, not only a resource: what a crawl was asked to capture, or found and listed as one (a
   * WACZ's pages.jsonl). WACZ export writes these URLs to its pages.jsonl. Absent when not a page.
   */
  page?: true
  /**
   * The newest capture's media type (Content-Type without parameters, lowercased), its HTTP status, and
   * for a redirect its Location resolved against the URL: what the page list needs to tell pages from
   * fonts and show where a redirect went without reading the IPARO. Each absent when the capture had
   * none, and in archives written before they existed (readers then guess from the URL: page-kind.ts).
   */
  mime?: string
  status?: number
  location?: string
}

/** Longest `mime` kept (a real media type is far shorter; a longer one is not stored). */
export const MAX_ENTRY_MIME = 128
/** Longest `location` kept, in UTF-16 units: longer ones are left out to keep entries small. */
export const MAX_ENTRY_LOCATION = 2048

const FIELDS = new Set(['url', 'head', 'title', 'first', 'last', 'count', 'versions', 'page', 'mime', 'status', 'location'])
// parseIso would do, but this runs for every entry of every node read, so it is inlined
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{0,8}[1-9]))?Z$/
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function isDatetime (v: unknown): v is Datetime {
  if (typeof v !== 'string') return false
  const m = DATETIME.exec(v)
  if (m == null) return false
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const days = month === 2 && !leap ? 28 : MONTH_DAYS[month - 1] ?? 0
  return day >= 1 && day <= days && Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6]) <= 59
}

/** Chronological order of two valid normalized datetimes (same as compareDatetime, without BigInt). */
function compareValid (a: Datetime, b: Datetime): number {
  if (a === b) return 0
  const sa = a.slice(0, 19)
  const sb = b.slice(0, 19)
  if (sa !== sb) return sa < sb ? -1 : 1
  const fa = a.slice(20, -1).padEnd(9, '0')
  const fb = b.slice(20, -1).padEnd(9, '0')
  return fa < fb ? -1 : fa > fb ? 1 : 0
}

function isRecord (v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && CID.asCID(v) == null
}

/**
 * What is wrong with `value` as a UrlEntry, or undefined when it is one. Strings decoded from UTF-8
 * are always well-formed, so decoding passes `decoded` to skip that scan.
 */
export function entryProblem (value: unknown, decoded = false): string | undefined {
  if (!isRecord(value)) return 'entry is not a map'
  for (const k of Object.keys(value)) {
    if (!FIELDS.has(k)) return `unknown entry field ${JSON.stringify(k)}`
  }
  const { url, head, title, first, last, count, versions, page } = value
  if (typeof url !== 'string' || (!decoded && !isWellFormed(url))) return 'entry url is not a well-formed string'
  if (CID.asCID(head) == null) return 'entry head is not a CID link'
  if (title !== undefined && (typeof title !== 'string' || (!decoded && !isWellFormed(title)))) return 'entry title is not a well-formed string'
  if (!isDatetime(first) || !isDatetime(last)) return 'entry first/last is not a normalized datetime'
  if (compareValid(first, last) > 0) return 'entry first is after last'
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) return 'entry count is not a positive integer'
  if (versions !== undefined && CID.asCID(versions) == null) return 'entry versions is not a CID link'
  if (page !== undefined && page !== true) return 'entry page is not true'
  return capturedProblem(value, decoded)
}

/** What is wrong with the newest capture's facts (mime, status, location), all optional. */
function capturedProblem (value: Record<string, unknown>, decoded: boolean): string | undefined {
  const { mime, status, location } = value
  if (mime !== undefined && (typeof mime !== 'string' || mime === '' || mime.length > MAX_ENTRY_MIME || (!decoded && !isWellFormed(mime)))) return 'entry mime is not a short well-formed string'
  if (status !== undefined && (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 999)) return 'entry status is not an integer from 100 to 999'
  if (location !== undefined && (typeof location !== 'string' || location === '' || location.length > MAX_ENTRY_LOCATION || (!decoded && !isWellFormed(location)))) return 'entry location is not a short well-formed string'
  return undefined
}

/**
 * A fresh, frozen entry with only the known fields (an absent title is omitted rather than
 * `undefined`, which dag-cbor cannot encode). `value` must have passed entryProblem.
 */
export function freezeEntry (value: UrlEntry): UrlEntry {
  const head = CID.asCID(value.head) as CID
  const entry: UrlEntry = value.title === undefined
    ? { url: value.url, head, first: value.first, last: value.last, count: value.count }
    : { url: value.url, head, title: value.title, first: value.first, last: value.last, count: value.count }
  const versions = value.versions === undefined ? undefined : CID.asCID(value.versions)
  if (versions != null) entry.versions = versions
  if (value.page === true) entry.page = true
  if (value.mime !== undefined) entry.mime = value.mime
  if (value.status !== undefined) entry.status = value.status
  if (value.location !== undefined) entry.location = value.location
  return Object.freeze(entry)
}

function headerBytes (n: number): number {
  return n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : n < 0x100000000 ? 5 : 9
}

/** dag-cbor size of a string, exactly. */
export function stringBytes (s: string): number {
  const n = utf8Length(s)
  return headerBytes(n) + n
}

/** dag-cbor size of a CID link (tag 42, bytes with a leading 0x00), exactly. */
export function cidBytes (cid: CID): number {
  const n = cid.bytes.length + 1
  return 2 + headerBytes(n) + n
}

// field names, map header, and the largest integer encoding of `count`
const ENTRY_FIXED = 1 + stringBytes('url') + stringBytes('head') + stringBytes('first') + stringBytes('last') + stringBytes('count') + 9

/** An upper bound of the encoded size of a key plus its entry (used by the node size cap). */
export function entryBytes (key: string, entry: UrlEntry): number {
  return stringBytes(key) + ENTRY_FIXED + stringBytes(entry.url) + cidBytes(entry.head) +
    stringBytes(entry.first) + stringBytes(entry.last) +
    (entry.title === undefined ? 0 : stringBytes('title') + stringBytes(entry.title)) +
    (entry.versions === undefined ? 0 : stringBytes('versions') + cidBytes(entry.versions)) +
    // the key, and true (one byte)
    (entry.page === true ? stringBytes('page') + 1 : 0) +
    (entry.mime === undefined ? 0 : stringBytes('mime') + stringBytes(entry.mime)) +
    // status is below 1000: at most a two-byte integer after its header
    (entry.status === undefined ? 0 : stringBytes('status') + 3) +
    (entry.location === undefined ? 0 : stringBytes('location') + stringBytes(entry.location))
}
