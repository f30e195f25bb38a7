import { base64 } from 'multiformats/bases/base64'
import { concat } from 'uint8arrays/concat'
import { parseIso } from '../../datetime.ts'
import type { HasherFactory } from '../../iparo/digests.ts'
import { contentRecordId } from '../content-record-id.ts'
import { RECONSTRUCTED_FIELD, RECORD_END, SOURCE_FORMAT_FIELD, warcRecordHead } from '../warc-record-head.ts'
import { readHarEntry, type HarEntry } from './har-entry.ts'
import { harRequestHead, harResponseHead, type Reconstructed } from './har-http-head.ts'

/** One HAR entry as the WARC records it stands for (request, then response), or why it has none. */
export type HarEntryOutcome =
  | { kind: 'records', uri: string, bytes: Uint8Array, reconstructed: Reconstructed[] }
  | { kind: 'skip', uri?: string, reason: string }

const utf8 = new TextEncoder()

const NOT_KEPT = 'HAR entry without its response body'

/**
 * A HAR body as bytes: base64 decoded, text as UTF-8; a reason when it cannot be had. A body the HAR
 * did not keep is not invented: no text where `size` says there were bytes, or none at all where
 * `bodySize` says bytes came over the wire (Playwright writes `"text": ""` for a body the browser
 * dropped, e.g. an image it stopped loading). An empty body is empty, and a status without one has none.
 * A redirect's body, which browsers never keep, is left out (`redirect-body` says so when it had bytes):
 * what a redirect says is in its status and Location, and skipping it would lose the way to the page.
 */
function bodyBytes (res: NonNullable<HarEntry['response']>, made: Set<Reconstructed>): Uint8Array | string {
  const { content, status } = res
  if (status < 200 || status === 204 || status === 304) return new Uint8Array(0)
  if (content.text == null || content.text === '') {
    const had = (content.size ?? 0) > 0 || (res.bodySize ?? 0) > 0
    if (!had) return new Uint8Array(0)
    if (status < 300 || status > 399) return NOT_KEPT
    made.add('redirect-body')
    return new Uint8Array(0)
  }
  if (content.encoding == null || content.encoding === '') return utf8.encode(content.text)
  if (content.encoding.toLowerCase() !== 'base64') return `HAR body in an unknown encoding (${content.encoding})`
  try {
    return base64.baseDecode(content.text.replace(/\s+/g, ''))
  } catch {
    return 'HAR body that is not base64'
  }
}

/** What keeps an entry from being a memento: no response, a URL that is not fetched over HTTP, a bad time. */
function unusable (entry: HarEntry): string | undefined {
  if (entry.response == null || entry.response.status <= 0) return 'HAR entry without response'
  if (!/^https?:\/\//i.test(entry.request.url)) return 'HAR entry for a URL that is not http(s)'
  try {
    void new URL(entry.request.url)
    parseIso(entry.startedDateTime)
  } catch {
    return 'HAR entry with a bad URL or startedDateTime'
  }
  return undefined
}

/**
 * A HAR entry (as parsed JSON) as a request and a response record (WARC/1.1): WARC-Date is
 * `startedDateTime` in UTC at its full precision, the record IDs are derived from the records' contents
 * (the same HAR gives the same records), and the response's `WARC-IPARO-Reconstructed` lists what its
 * HTTP messages were given that the HAR did not hold (docs/formats.md).
 */
export function harEntryToWarc (value: unknown, hashers: HasherFactory): HarEntryOutcome {
  const entry = readHarEntry(value)
  if (typeof entry === 'string') return { kind: 'skip', reason: entry }
  // (a fragment is never sent: it names no other resource)
  const uri = entry.request.url.replace(/#.*$/s, '')
  const why = unusable(entry)
  if (why != null || entry.response == null) return { kind: 'skip', uri, reason: why ?? 'HAR entry without response' }
  const made = new Set<Reconstructed>()
  const body = bodyBytes(entry.response, made)
  if (typeof body === 'string') return { kind: 'skip', uri, reason: body }
  const date = parseIso(entry.startedDateTime)
  const request = concat([harRequestHead(entry, made), requestBody(entry, made)])
  const response = concat([harResponseHead(entry, body.byteLength, made), body])
  const requestId = contentRecordId(hashers, ['har-request', uri, date, request])
  const reconstructed = [...made].sort()
  const ip = entry.serverIPAddress?.replace(/^\[(.*)\]$/, '$1')
  const requestHead = warcRecordHead([
    ['WARC-Type', 'request'], ['WARC-Record-ID', requestId], ['WARC-Date', date], ['WARC-Target-URI', uri],
    ['Content-Type', 'application/http; msgtype=request'], [SOURCE_FORMAT_FIELD, 'har']
  ], request.byteLength)
  const responseHead = warcRecordHead([
    ['WARC-Type', 'response'], ['WARC-Record-ID', contentRecordId(hashers, ['har-response', uri, date, response])],
    ['WARC-Date', date], ['WARC-Target-URI', uri], ['WARC-IP-Address', ip], ['WARC-Concurrent-To', requestId],
    ['Content-Type', 'application/http; msgtype=response'], [SOURCE_FORMAT_FIELD, 'har'],
    [RECONSTRUCTED_FIELD, reconstructed.length > 0 ? reconstructed.join(', ') : undefined]
  ], response.byteLength)
  return { kind: 'records', uri, bytes: concat([requestHead, request, RECORD_END, responseHead, response, RECORD_END]), reconstructed }
}

/** The request body: `postData.text` as UTF-8; none when the HAR kept only its parsed `params`. */
function requestBody (entry: HarEntry, made: Set<Reconstructed>): Uint8Array {
  const post = entry.request.postData
  if (post == null) return new Uint8Array(0)
  if (post.text == null) {
    made.add('request-body')
    return new Uint8Array(0)
  }
  return utf8.encode(post.text)
}
