import { concat } from 'uint8arrays/concat'
import type { HttpRequestHead } from '../http/index.ts'
import { importKubo } from '../iparo/kubo-import.ts'
import { canonicalBody, digestCanonical } from '../request-key.ts'
import type { WarcProblem, WarcRecord } from '../warc/index.ts'
import { recordProblem } from '../warc/record-problems.ts'
import type { CaptureContext, RequestCapture, StoredPiece } from './capture.ts'
import { listHeader } from './record-fields.ts'
import { redactHead, SECRET_REQUEST_FIELDS } from './redact-head.ts'
import { requestMethod } from './request-method.ts'
import { splitHttp, type SplitMessage } from './split-http.ts'

/** A stored request, or why it was not kept; `problems` are warnings about a request that was. */
export type StoredRequest =
  | { kind: 'request', request: RequestCapture, problems?: WarcProblem[] }
  | { kind: 'skip', reason: string }

const CRLF2 = new TextEncoder().encode('\r\n\r\n')

/** A request record becomes one piece: its WARC head, its (redacted) content and the separator. */
export async function storeRequest (record: WarcRecord, uri: string, ctx: CaptureContext): Promise<StoredRequest> {
  const split = await splitHttp(record, 'request')
  const head = split.head
  const redaction = head == null || ctx.keepSecrets
    ? { bytes: head == null ? new Uint8Array(0) : split.prefix.subarray(0, head.headLength), redacted: [] }
    : redactHead(head, split.prefix, SECRET_REQUEST_FIELDS)
  const problems: WarcProblem[] = []
  const method = methodOf(head, record, problems)
  const keyed = method != null && method.toUpperCase() !== 'GET'
  const { piece, body } = await storePiece(record, split, redaction.bytes, keyed, ctx)
  const end = await record.end
  if (!end.ok || (record.content == null && end.length !== record.declaredLength)) return { kind: 'skip', reason: 'broken' }
  const request: RequestCapture = {
    file: ctx.file,
    id: record.headers.get('WARC-Record-ID')?.trim(),
    concurrentTo: listHeader(record, 'WARC-Concurrent-To'),
    uri,
    date: record.headers.get('WARC-Date') ?? '',
    method,
    // present even when undefined: requests keep one hidden class
    body,
    piece,
    redacted: redaction.redacted
  }
  return { kind: 'request', request, problems: problems.length > 0 ? problems : undefined }
}

/** The request line's method; GET, with a warning, when the line names none (a status line). */
function methodOf (head: HttpRequestHead | null, record: WarcRecord, problems: WarcProblem[]): string | undefined {
  if (head?.kind !== 'request') return undefined
  const { method, replaced } = requestMethod(head.method)
  if (replaced != null) {
    problems.push(recordProblem('warning', 'bad-request-method', record.offset, record.headers,
      `request record's first line "${head.startLine.slice(0, 80)}" names no HTTP method: its capture is keyed and replayed as a GET`))
  }
  return method
}

/** Stores the request's piece; when `keyed` (a method other than GET), the canonical body that keys its capture. */
async function storePiece (record: WarcRecord, split: SplitMessage<HttpRequestHead>, headBytes: Uint8Array, keyed: boolean, ctx: CaptureContext): Promise<{ piece: StoredPiece, body?: string }> {
  const headLength = split.head?.headLength ?? 0
  if (split.rest instanceof Uint8Array) {
    const warcHead = record.headers.with('Content-Length', String(headBytes.byteLength + split.rest.byteLength)).toBytes(record.version)
    const piece = await importKubo(concat([warcHead, headBytes, split.rest, CRLF2]), ctx.sink)
    return { piece, body: keyed ? await canonicalBody(split.head?.headers.get('Content-Type'), split.rest) : undefined }
  }
  // Streamed (large) request: the length must be known before the head, so trust the declared one
  // and drop the piece (in storeRequest) if the record turns out to be another length.
  const length = record.declaredLength - headLength + headBytes.byteLength
  const warcHead = record.headers.with('Content-Length', String(length)).toBytes(record.version)
  const rest = split.rest
  // too large to hold: keyed by the digest of its bytes (a replayed POST this large is matched by the scan)
  const digest = keyed ? ctx.hashers('sha256') : undefined
  const hashed = async function * (): AsyncGenerator<Uint8Array> { for await (const chunk of rest) { digest?.update(chunk); yield chunk } }
  const piece = await importKubo((async function * () { yield warcHead; yield headBytes; yield * hashed(); yield CRLF2 })(), ctx.sink)
  return { piece, body: digest != null ? digestCanonical(digest.digest()) : undefined }
}
