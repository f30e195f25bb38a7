import type { BlockGetter } from '../blocks.ts'
import { collectBytes } from '../bytes.ts'
import { readFileBytes } from '../iparo/iparo-reader.ts'
import type { ArchivedExchange } from './archived-exchange.ts'
import { parseRange, type ByteRange } from './byte-range.ts'
import { canDecode, contentCodings } from './content-decoding.ts'
import { MAX_DECODE_INPUT, replayBody, type ReplayBody } from './replay-body.ts'

export type RangedBody =
  /** `status`: the archived one, except 200 for an archived 206 that holds the whole resource; `contentRange` for a 206 served as archived */
  | { kind: 'full', body: ReplayBody, acceptRanges: boolean, status: number, contentRange?: string }
  | { kind: 'partial', body: ReplayBody, range: ByteRange, total: number }
  | { kind: 'unsatisfiable', total: number }

export interface RangedBodyOptions {
  decode: boolean
  /** the request's Range header */
  range: string | null
  signal?: AbortSignal
}

/**
 * The replayed body, or the part of it a `Range` header asks for. Ranges apply to the representation
 * as sent (RFC 9110): when the stored payload is that representation — no transfer coding, and its
 * content coding kept or absent — only the UnixFS leaves under the range are fetched. When the stored
 * bytes are not what is sent (a chunked transfer coding, or a content coding the service worker undoes)
 * the body is built whole and sliced, up to MAX_DECODE_INPUT; beyond that, and for archived statuses
 * other than 200, the Range header is ignored and the whole body sent, as HTTP allows.
 *
 * Archived 206s: crawlers that record what a player asked for archive `Range: bytes=0-` answers, a 206
 * holding the whole resource (`Content-Range: bytes 0-(n-1)/n`). That is the resource: it replays as a
 * 200 and serves any range. A 206 holding a fragment replays as archived, its Content-Range with it
 * (without it the browser could not place the bytes).
 */
export async function rangedReplayBody (blocks: BlockGetter, exchange: ArchivedExchange, options: RangedBodyOptions): Promise<RangedBody> {
  const payload = exchange.payload
  const chunked = /\bchunked\b/i.test(exchange.headers.get('transfer-encoding') ?? '')
  const codings = contentCodings(exchange.headers.get('content-encoding'))
  const decodes = codings.length > 0 && options.decode && (payload?.length ?? 0) <= MAX_DECODE_INPUT && canDecode(codings)
  const archivedRange = exchange.status === 206 ? exchange.headers.get('content-range') : undefined
  const whole = archivedRange != null && payload != null && !chunked && archivedRange.trim() === `bytes 0-${payload.length - 1}/${payload.length}`
  const rangeable = exchange.status === 200 || whole
  const status = rangeable ? 200 : exchange.status
  const fragment = !rangeable && archivedRange != null ? { contentRange: archivedRange } : {}
  if (rangeable && !chunked && !decodes) {
    const total = payload?.length ?? 0
    const wanted = parseRange(options.range, total)
    if (wanted.kind === 'unsatisfiable') return { kind: 'unsatisfiable', total }
    if (wanted.kind === 'range' && payload != null) {
      const { start, end } = wanted.range
      const stream = readFileBytes(blocks, payload.cid, { offset: start, length: end - start + 1, signal: options.signal })
      const body: ReplayBody = { body: stream, length: end - start + 1, ...(codings.length > 0 ? { contentEncoding: codings.join(', ') } : {}) }
      return { kind: 'partial', body, range: wanted.range, total }
    }
    return { kind: 'full', body: await replayBody(blocks, exchange, options), acceptRanges: true, status }
  }
  const body = await replayBody(blocks, exchange, options)
  const small = body.body instanceof Uint8Array || (payload?.length ?? 0) <= MAX_DECODE_INPUT
  if (!rangeable || !small || options.range == null) return { kind: 'full', body, acceptRanges: rangeable && small, status, ...fragment }
  const bytes = body.body instanceof Uint8Array ? body.body : await collectBytes(body.body)
  const wanted = parseRange(options.range, bytes.byteLength)
  const collected: ReplayBody = { ...body, body: bytes, length: bytes.byteLength }
  if (wanted.kind === 'none') return { kind: 'full', body: collected, acceptRanges: true, status }
  if (wanted.kind === 'unsatisfiable') return { kind: 'unsatisfiable', total: bytes.byteLength }
  const { start, end } = wanted.range
  return { kind: 'partial', body: { ...body, body: bytes.subarray(start, end + 1), length: end - start + 1 }, range: wanted.range, total: bytes.byteLength }
}
