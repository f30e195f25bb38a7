import { MAX_HTTP_HEAD, parseHttpHead, type HttpRequestHead, type HttpResponseHead } from '../http/index.ts'
import { concat } from 'uint8arrays/concat'
import type { WarcRecord } from '../warc/index.ts'

export interface SplitMessage<H> {
  head: H | null
  /** bytes that hold the head (a prefix of the content) */
  prefix: Uint8Array
  /** what follows the head: the payload as captured */
  rest: Uint8Array | AsyncIterable<Uint8Array>
}

/**
 * Splits a record's content into the HTTP head and the payload. Buffered records are split in place;
 * streamed records read just enough chunks for the head and stream the rest.
 */
export async function splitHttp (record: WarcRecord, kind: 'response'): Promise<SplitMessage<HttpResponseHead>>
export async function splitHttp (record: WarcRecord, kind: 'request'): Promise<SplitMessage<HttpRequestHead>>
export async function splitHttp (record: WarcRecord, kind: 'response' | 'request'): Promise<SplitMessage<HttpResponseHead | HttpRequestHead>> {
  if (record.content != null) {
    const head = parseHttpHead(record.content, kind, { atEnd: true })
    return { head, prefix: record.content, rest: head == null ? record.content : record.content.subarray(head.headLength) }
  }
  const it = record.body[Symbol.asyncIterator]()
  let prefix: Uint8Array = new Uint8Array(0)
  let head = null
  let done = false
  while (head == null && prefix.byteLength <= MAX_HTTP_HEAD) {
    const next = await it.next()
    if (next.done === true) { done = true; break }
    prefix = concat([prefix, next.value])
    head = parseHttpHead(prefix, kind, {})
  }
  if (head == null && done) head = parseHttpHead(prefix, kind, { atEnd: true })
  const start = head == null ? prefix : prefix.subarray(head.headLength)
  async function * rest (): AsyncGenerator<Uint8Array> {
    if (start.byteLength > 0) yield start
    if (done) return
    for (let next = await it.next(); next.done !== true; next = await it.next()) yield next.value
  }
  return { head, prefix, rest: rest() }
}
