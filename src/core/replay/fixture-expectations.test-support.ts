import { Buffer } from 'node:buffer'
import { surt } from '../surt.ts'
import { dechunk, httpHeader, splitHttpBlock, warcDateDigits, type PlainRecord } from './fixture-records.test-support.ts'

/** What one response, resource or revisit record must replay as, by the independent reading. */
export interface Expectation {
  file: string
  index: number
  type: 'response' | 'resource' | 'revisit'
  id: string | undefined
  uri: string
  digits: string
  /** the record's own payload (a revisit's: its original's); undefined when it cannot be known */
  payload: Uint8Array | undefined
  /** why the payload cannot be known (a revisit whose original is not in the run, a damaged head) */
  unresolved?: string
  /** several originals (same digest) whose payloads differ: any of them is right */
  alternatives: Uint8Array[]
  /** whether the payload was de-chunked, and its Content-Encoding (kept), for the report */
  dechunked: boolean
  contentEncoding: string | undefined
  /** a request other than GET (POST captures are found by method and body) */
  request?: { method: string, body: Uint8Array, contentType: string | undefined }
}

const CAPTURE_TYPES = new Set(['response', 'resource', 'revisit'])
const EMPTY = new Uint8Array(0)
// the digest of zero bytes, as crawlers write it: such a revisit needs no original (issue 17, item 3)
const EMPTY_DIGESTS = new Set(['sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ', 'sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709',
  'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'sha256:4OYMIQUY7QOBJGX36TEJS35ZEQT24QPEMSNZGTFESWMRW6CSXBKQ'])

export const targetOf = (r: PlainRecord): string => (r.headers.get('warc-target-uri') ?? '').replace(/^<(.*)>$/, '$1')
const typeOf = (r: PlainRecord): string => (r.headers.get('warc-type') ?? '').toLowerCase()
const digestOf = (r: PlainRecord): string | undefined => r.headers.get('warc-payload-digest')?.trim()

interface Payload { bytes: Uint8Array, dechunked: boolean, contentEncoding: string | undefined }

/**
 * A response or resource record's payload: the HTTP entity, de-chunked when it really is chunked,
 * content-encoding kept; a resource's block. Undefined when the block holds no whole HTTP head.
 */
export function ownPayload (r: PlainRecord): Payload | undefined {
  if (typeOf(r) === 'resource') return { bytes: r.block, dechunked: false, contentEncoding: undefined }
  const split = splitHttpBlock(r.block)
  if (split == null) return undefined
  const chunked = /\bchunked\b/i.test(httpHeader(split.head, 'transfer-encoding') ?? '')
  const dechunked = chunked ? dechunk(split.body) : undefined
  return { bytes: dechunked ?? split.body, dechunked: dechunked != null, contentEncoding: httpHeader(split.head, 'content-encoding') }
}

/** The originals a revisit names: by record ID, else by target and date, else by payload digest. */
function originalsOf (revisit: PlainRecord, all: PlainRecord[], seen = new Set<PlainRecord>()): PlainRecord[] {
  seen.add(revisit)
  const refersTo = revisit.headers.get('warc-refers-to')
  const byId = refersTo == null ? [] : all.filter(r => r.headers.get('warc-record-id') === refersTo)
  const refUri = revisit.headers.get('warc-refers-to-target-uri')
  const refDate = revisit.headers.get('warc-refers-to-date')
  const byTarget = refUri == null || refDate == null ? [] : all.filter(r => targetOf(r) === refUri && r.headers.get('warc-date') === refDate)
  const digest = digestOf(revisit)
  // an identical-payload revisit names a capture of its own URL (another one only through Refers-To-Target-URI)
  const key = keyOf(refUri ?? targetOf(revisit))
  const byDigest = digest == null ? [] : all.filter(r => digestOf(r) === digest && typeOf(r) !== 'revisit' && keyOf(targetOf(r)) === key)
  const named = [byId, byTarget, byDigest].find(list => list.length > 0) ?? []
  return named.flatMap(r => typeOf(r) === 'revisit' ? (seen.has(r) ? [] : originalsOf(r, all, seen)) : [r])
}

/** The request record paired with a response: WARC-Concurrent-To either way, same target URI. */
function requestFor (response: PlainRecord, requests: PlainRecord[]): Expectation['request'] {
  const id = response.headers.get('warc-record-id')
  const concurrent = response.headers.get('warc-concurrent-to')
  const request = requests.find(q => targetOf(q) === targetOf(response) &&
    ((id != null && q.headers.get('warc-concurrent-to') === id) || (concurrent != null && q.headers.get('warc-record-id') === concurrent)))
  const split = request == null ? undefined : splitHttpBlock(request.block)
  const method = split?.head.split(' ', 1)[0]
  if (split == null || method == null || method === 'GET' || method === 'HEAD') return undefined
  return { method, body: split.body, contentType: httpHeader(split.head, 'content-type') }
}

const distinct = (list: Uint8Array[]): Uint8Array[] =>
  list.filter((p, i) => list.findIndex(q => Buffer.compare(p, q) === 0) === i)

/** One expectation per response, resource and revisit record of the run's files. */
export function expectationsOf (records: PlainRecord[]): Expectation[] {
  const requests = records.filter(r => typeOf(r) === 'request')
  return records.filter(r => CAPTURE_TYPES.has(typeOf(r))).map(r => {
    const type = typeOf(r) as Expectation['type']
    const base = {
      file: r.file, index: r.index, type, id: r.headers.get('warc-record-id'), uri: targetOf(r),
      digits: warcDateDigits(r.headers.get('warc-date') ?? ''), request: type === 'response' ? requestFor(r, requests) : undefined
    }
    const found = type === 'revisit' ? originalsOf(r, records).map(ownPayload).filter(p => p != null) : [ownPayload(r)]
    const [first] = found
    const described = { dechunked: first?.dechunked ?? false, contentEncoding: first?.contentEncoding }
    const payloads = distinct(found.flatMap(p => p == null ? [] : [p.bytes]))
    if (payloads.length > 0) return { ...base, ...described, payload: payloads[0], alternatives: payloads.slice(1) }
    if (type === 'revisit' && EMPTY_DIGESTS.has(digestOf(r) ?? '')) return { ...base, ...described, payload: EMPTY, alternatives: [] }
    const unresolved = type === 'revisit' ? 'revisit whose original is not in this run' : 'no whole HTTP head in the block'
    return { ...base, ...described, payload: undefined, alternatives: [], unresolved }
  })
}

/**
 * The payloads of the other records at the same key and instant (and method): a URI-M names one
 * capture of them (the first appended), so any of their payloads is a right answer.
 */
export function tiesOf (e: Expectation, all: Expectation[]): Uint8Array[] {
  const key = tieKey(e)
  return distinct(all.filter(o => o !== e && o.payload != null && tieKey(o) === key).flatMap(o => [o.payload ?? EMPTY, ...o.alternatives]))
}

function tieKey (e: Expectation): string {
  return `${keyOf(e.uri)} ${e.digits} ${e.request?.method ?? 'GET'}`
}

/** The URL map key (IPARO's canonicalization decides which URLs are one; what is checked here is bytes). */
function keyOf (uri: string): string {
  try {
    return surt(uri)
  } catch {
    return uri
  }
}

/** The URI-M path of an expectation, `/a/<digits>id_/<uri>`; `#` escaped so it reaches the server. */
export function uriMPath (e: Expectation): string {
  return `/a/${e.digits}id_/${e.uri.replaceAll('#', '%23')}`
}

export type Outcome = 'matched' | 'tie' | 'alternative' | 'failed'

export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0

/** How a served body compares with what the record holds. */
export function judge (body: Uint8Array, e: Expectation, ties: Uint8Array[]): Outcome {
  if (e.payload != null && sameBytes(body, e.payload)) return 'matched'
  if (e.alternatives.some(p => sameBytes(body, p))) return 'alternative'
  if (ties.some(p => sameBytes(body, p))) return 'tie'
  return 'failed'
}
