import type { BlockGetter } from '../blocks.ts'
import { collectBytes } from '../bytes.ts'
import type { ArchivedExchange } from './archived-exchange.ts'
import { contentRange, unsatisfiedRange } from './byte-range.ts'
import { callbackName, substituteCallback } from './fuzzy-match.ts'
import { rangedReplayBody } from './ranged-body.ts'
import { replayBody } from './replay-body.ts'

const NULL_BODY = new Set([204, 205, 304])
/** JSONP bodies larger than this keep their archived callback name rather than being buffered. */
const MAX_JSONP_BODY = 4 * 1024 * 1024

export interface MementoBodyOptions {
  decode: boolean
  /** the request's Range header; null when ranges do not apply (a POST) */
  range: string | null
  /** the URL the page asked for, and the one the served capture was made of (they differ after a fuzzy match) */
  requested: string
  captured: string
  signal?: AbortSignal
}

export interface MementoBody {
  status: number
  /** fields the body brings: Content-Range, Accept-Ranges, Content-Encoding, Content-Length */
  fields: Array<[string, string]>
  body: Uint8Array | AsyncIterable<Uint8Array> | null
}

/**
 * What a memento sends, given the request: nothing for null-body statuses; a JSONP body renamed to the
 * callback the page asked for; else the payload, or the byte range asked for (206), or a 416 with the
 * length (a status the error table cannot carry the header of).
 */
export async function mementoBody (blocks: BlockGetter, exchange: ArchivedExchange, o: MementoBodyOptions): Promise<MementoBody> {
  if (NULL_BODY.has(exchange.status)) return { status: exchange.status, fields: [], body: null }
  const jsonp = await jsonpBody(blocks, exchange, o)
  if (jsonp != null) return { status: exchange.status, fields: [['Content-Length', String(jsonp.byteLength)]], body: jsonp }
  const ranged = await rangedReplayBody(blocks, exchange, { decode: o.decode, range: o.range, signal: o.signal })
  if (ranged.kind === 'unsatisfiable') return { status: 416, fields: [['Content-Range', unsatisfiedRange(ranged.total)]], body: null }
  const fields: Array<[string, string]> = []
  if (ranged.body.contentEncoding != null) fields.push(['Content-Encoding', ranged.body.contentEncoding])
  if (ranged.body.length != null) fields.push(['Content-Length', String(ranged.body.length)])
  if (ranged.kind === 'partial') {
    fields.push(['Content-Range', contentRange(ranged.range, ranged.total)], ['Accept-Ranges', 'bytes'])
    return { status: 206, fields, body: ranged.body.body }
  }
  if (ranged.acceptRanges) fields.push(['Accept-Ranges', 'bytes'])
  if (ranged.contentRange != null) fields.push(['Content-Range', ranged.contentRange])
  return { status: ranged.status, fields, body: ranged.body.body }
}

/** A JSONP body answering under the callback name the page asked for (the capture was made with another one). */
async function jsonpBody (blocks: BlockGetter, exchange: ArchivedExchange, o: MementoBodyOptions): Promise<Uint8Array | undefined> {
  const to = callbackName(o.requested)
  const from = callbackName(o.captured)
  if (to == null || from == null || to === from || exchange.payload == null || exchange.payload.length > MAX_JSONP_BODY) return undefined
  const body = await replayBody(blocks, exchange, { decode: o.decode, signal: o.signal })
  // still content-coded (an HTTP client asked for the capture as stored): its bytes are not the script
  if (body.contentEncoding != null) return undefined
  return substituteCallback(body.body instanceof Uint8Array ? body.body : await collectBytes(body.body), from, to)
}
