import type { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { verifyBlock, type BlockGetter } from '../blocks.ts'
import { collectBytes } from '../bytes.ts'
import { dechunk } from '../http/index.ts'
import { readFileBytes } from '../iparo/iparo-reader.ts'
import type { ArchivedExchange } from './archived-exchange.ts'
import { canDecode, contentCodings, decodeContent } from './content-decoding.ts'

export interface ReplayBody {
  body: Uint8Array | AsyncIterable<Uint8Array>
  /** byte length when known before sending */
  length?: number
  /** the Content-Encoding that applies to `body`, if any */
  contentEncoding?: string
}

/** Bodies larger than this are streamed with their coding rather than decoded in memory. */
export const MAX_DECODE_INPUT = 64 * 1024 * 1024

/** Pulls the first chunk now, so a missing or corrupt first block fails the request before any byte is sent. */
async function primed (source: AsyncIterable<Uint8Array>): Promise<AsyncIterable<Uint8Array>> {
  const it = source[Symbol.asyncIterator]()
  const first = await it.next()
  return {
    async * [Symbol.asyncIterator] () {
      if (first.done === true) return
      yield first.value
      for (let r = await it.next(); r.done !== true; r = await it.next()) yield r.value
    }
  }
}

/**
 * The payload as sent to a client. Transfer coding is always undone (a body declared chunked that is
 * not chunked is sent as captured). Content codings are undone when `decode` is set and the runtime can
 * (the service worker cannot hand encoded bodies to the page); otherwise, or when the bytes do not
 * decode, the body keeps its coding and `contentEncoding` says so: the header always matches the body.
 */
export async function replayBody (blocks: BlockGetter, exchange: ArchivedExchange, options: { decode: boolean, signal?: AbortSignal }): Promise<ReplayBody> {
  const encoding = exchange.headers.get('content-encoding')
  const codings = contentCodings(encoding)
  if (exchange.payload == null || exchange.payload.length === 0) return { body: new Uint8Array(0), length: 0 }
  let stream = await primed(payloadBytes(blocks, exchange.payload.cid, options.signal))
  let length: number | undefined = exchange.payload.length
  if (/\bchunked\b/i.test(exchange.headers.get('transfer-encoding') ?? '')) {
    const d = await dechunk(stream)
    stream = d.body
    if (d.chunked) length = undefined
  }
  if (codings.length === 0) return { body: stream, length }
  const coded = { body: stream, length, contentEncoding: codings.join(', ') }
  if (!options.decode || exchange.payload.length > MAX_DECODE_INPUT || !canDecode(codings)) return coded
  const bytes = await collectBytes(stream)
  try {
    const decoded = await decodeContent(bytes, codings)
    return { body: decoded, length: decoded.byteLength }
  } catch {
    return { body: bytes, length: bytes.byteLength, contentEncoding: codings.join(', ') }
  }
}

/**
 * The payload's bytes. Most payloads are one raw block (up to 256 KiB): that one is fetched and verified
 * here, as the UnixFS exporter would, without its resolver and generators (a few % of a replay's CPU
 * under load, bench/serve). A file of several blocks goes through the exporter.
 */
function payloadBytes (blocks: BlockGetter, cid: CID, signal?: AbortSignal): AsyncIterable<Uint8Array> {
  if (cid.code !== raw.code) return readFileBytes(blocks, cid, { signal })
  return (async function * () { yield await verifyBlock(cid, await blocks.get(cid, { signal })) })()
}

/** A web ReadableStream over an async iterable; cancelling it ends the iteration (and its block reads). */
export function toReadableStream (source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = source[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>({
    async pull (controller) {
      const r = await it.next()
      if (r.done === true) controller.close()
      else controller.enqueue(r.value)
    },
    async cancel () {
      await it.return?.()
    }
  })
}
