import { ByteSlab } from '../byte-slab.ts'
import { parseWarcDate, type Datetime } from '../datetime.ts'
import type { HttpResponseHead } from '../http/index.ts'
import type { HasherFactory } from '../iparo/digests.ts'
import { surt } from '../surt.ts'
import type { WarcHeaders, WarcProblem, WarcRecord } from '../warc/index.ts'
import type { Capture, CaptureContext } from './capture.ts'
import { isHeaderRecord, readCarriedHeader } from './carried-header.ts'
import { isEmptyPayloadDigest } from './empty-digest.ts'
import { extractTitle } from './extract-title.ts'
import { MAX_URL_BYTES, urlTooLong } from './max-url-bytes.ts'
import { listHeader, reconstructedFields, targetUri } from './record-fields.ts'
import { redactHead, SECRET_RESPONSE_FIELDS } from './redact-head.ts'
import { splitHttp } from './split-http.ts'
import { storePayload, type StoredPayload } from './store-payload.ts'
import { storeRequest, type StoredRequest } from './store-request.ts'

export type { CaptureContext }

export type RecordOutcome =
  | { kind: 'capture', capture: Capture }
  | StoredRequest
  | { kind: 'skip', reason: string }
  | { kind: 'error', code: string, message: string }

/** HTTP heads, copied out of the inflated chunk they were read from (which they must not keep alive) */
const heads = new ByteSlab()
const NOT_MEMENTOS = new Set(['warcinfo', 'metadata', 'conversion', 'continuation'])

type CaptureType = Capture['warc']['type']

async function drain (source: Uint8Array | AsyncIterable<Uint8Array>): Promise<void> {
  if (source instanceof Uint8Array) return
  for await (const _ of source) { /* the reader needs the rest read to find the next record */ }
}

/**
 * Turns one WARC record into what the ingest keeps: a capture (response, resource, revisit) with its
 * pieces stored, a request waiting for its response, or a reason to skip it.
 * The steps that read the record stay here, the others are plain functions that fill in the capture:
 * an async step of its own would cost a promise per record, and a closure an allocation.
 */
export async function recordToCapture (record: WarcRecord, ctx: CaptureContext): Promise<RecordOutcome> {
  const type = (record.headers.get('WARC-Type') ?? '').trim().toLowerCase()
  // an export's IPARO header record describes the record right after it, and no other
  const carried = ctx.carried
  ctx.carried = undefined
  if (type === 'metadata' && isHeaderRecord(record)) {
    ctx.carried = readCarriedHeader(record)
    return { kind: 'skip', reason: 'metadata' }
  }
  const uri = targetUri(record)
  const skipped = notMemento(type, uri)
  if (skipped != null) return skipped
  if (type === 'request') return storeRequest(record, uri, ctx)
  if (type !== 'response' && type !== 'resource' && type !== 'revisit') return { kind: 'skip', reason: `type ${type || 'missing'}` }
  const refused = unusableUri(type, uri)
  if (refused != null) return refused
  const date = record.headers.get('WARC-Date') ?? ''
  let datetime
  try {
    datetime = parseWarcDate(date)
  } catch (err) {
    return { kind: 'error', code: 'bad-date', message: `${type} record for ${uri}: ${(err as Error).message}` }
  }
  const capture = newCapture(record, ctx.file, type, uri, date, datetime)
  if (carried != null) capture.carried = carried

  let payloadSource: Uint8Array | AsyncIterable<Uint8Array>
  if (type === 'resource') {
    payloadSource = record.content ?? record.body
    capture.mime = mimeOf(record.headers.get('Content-Type'))
  } else {
    const split = await splitHttp(record, 'response')
    if (split.head == null) {
      await drain(split.rest)
      // A revisit may legitimately carry no HTTP head at all; a response may not.
      if (type === 'response' || split.prefix.byteLength > 0) {
        return { kind: 'error', code: 'no-http-head', message: `${type} record for ${uri} has no readable HTTP response head` }
      }
    } else {
      keepResponseHead(capture, split.head, split.prefix, ctx.keepSecrets)
    }
    payloadSource = split.rest
  }

  if (type === 'revisit') {
    // A revisit's own content is never its payload: the payload is the original's, found later.
    await drain(payloadSource)
    keepRevisit(capture, record.headers, ctx.hashers)
  } else {
    keepPayload(capture, await storePayload(payloadSource, record.headers.get('WARC-Payload-Digest')?.trim(), ctx.hashers, ctx.sink))
  }

  const end = await record.end
  if (!end.ok) return { kind: 'skip', reason: 'broken' }
  capture.modified = capture.redacted.length > 0 || end.problems.some(isLengthProblem)
  return { kind: 'capture', capture }
}

/** Records that are no mementos, whatever their type: the WARC's own metadata, DNS and WHOIS lookups. */
function notMemento (type: string, uri: string): RecordOutcome | undefined {
  if (NOT_MEMENTOS.has(type)) return { kind: 'skip', reason: type }
  if (/^dns:/i.test(uri)) return { kind: 'skip', reason: 'dns' }
  if (/^whois:/i.test(uri)) return { kind: 'skip', reason: 'whois' }
  return undefined
}

/** Why a response, resource or revisit record's target URI cannot be archived, if it cannot. */
function unusableUri (type: CaptureType, uri: string): RecordOutcome | undefined {
  if (uri === '') return { kind: 'error', code: 'no-target-uri', message: `${type} record without WARC-Target-URI` }
  if (urlTooLong(uri)) {
    return { kind: 'error', code: 'url-too-long', message: `${type} record skipped: its WARC-Target-URI (${uri.slice(0, 60)}…) is over ${MAX_URL_BYTES} bytes, the longest URL an archive keeps` }
  }
  return undefined
}

/** A capture as its WARC headers describe it, before its HTTP head and payload are read. */
function newCapture (record: WarcRecord, file: string, type: CaptureType, uri: string, date: string, datetime: Datetime): Capture {
  return {
    file,
    offset: record.offset,
    uri,
    key: surt(uri),
    datetime,
    warc: {
      version: record.version,
      date,
      id: record.headers.get('WARC-Record-ID')?.trim(),
      type,
      concurrentTo: listHeader(record, 'WARC-Concurrent-To'),
      headers: record.headers
    },
    // Every field present from the start, in one order: captures then share one hidden class, so the
    // hot functions that read them stay monomorphic (optional fields added later cost recompilations).
    http: undefined,
    mime: undefined,
    title: undefined,
    payload: undefined,
    head: undefined,
    digests: { computed: undefined, declared: undefined, declaredMatches: undefined, actual: undefined },
    revisit: undefined,
    redacted: [],
    warnings: [],
    modified: false,
    request: undefined,
    reconstructed: reconstructedFields(record)
  }
}

/** The response's HTTP head as stored (redacted unless secrets are kept), and what it says of the payload. */
function keepResponseHead (capture: Capture, head: HttpResponseHead, prefix: Uint8Array, keepSecrets: boolean): void {
  const redaction = keepSecrets ? { bytes: prefix.subarray(0, head.headLength), redacted: [] } : redactHead(head, prefix, SECRET_RESPONSE_FIELDS)
  capture.http = { status: head.status, head: heads.copy(redaction.bytes) }
  capture.redacted = redaction.redacted
  capture.mime = mimeOf(head.headers.get('Content-Type'))
}

/**
 * A revisit's references to its original. One of an empty payload that has its own head (not a 304,
 * whose head is the original's) needs no original: its head is what was served, its payload is known.
 */
function keepRevisit (capture: Capture, headers: WarcHeaders, hashers: HasherFactory): void {
  const declared = headers.get('WARC-Payload-Digest')?.trim()
  const ownHead = capture.http != null && capture.http.status !== 304
  capture.revisit = {
    profile: headers.get('WARC-Profile')?.trim(),
    refersTo: headers.get('WARC-Refers-To')?.trim(),
    refersToUri: headers.get('WARC-Refers-To-Target-URI')?.trim().replace(/^<(.*)>$/, '$1'),
    refersToDate: headers.get('WARC-Refers-To-Date')?.trim(),
    original: undefined,
    resolved: ownHead && isEmptyPayloadDigest(declared, hashers)
  }
  capture.digests.declared = declared
}

function keepPayload (capture: Capture, stored: StoredPayload): void {
  capture.payload = stored.piece
  const digests = capture.digests
  digests.computed = stored.computed
  digests.declared = stored.declared
  digests.declaredMatches = stored.declaredMatches
  digests.actual = stored.actual
  capture.title = extractTitle(stored.start, capture.mime)
  if (stored.declaredMatches === false) capture.warnings.push(`declared payload digest ${stored.declared ?? ''} does not match the payload (${stored.actual ?? ''})`)
}

/** A repaired Content-Length: the stored record's bytes differ from the source's. */
function isLengthProblem (p: WarcProblem): boolean {
  return p.code.startsWith('length-')
}

function mimeOf (contentType: string | undefined): string | undefined {
  const mime = contentType?.split(';')[0]?.trim().toLowerCase()
  return mime === '' ? undefined : mime
}
