import type { CID } from 'multiformats/cid'
import { compareDatetime } from '../datetime.ts'
import { parseHttpHead } from '../http/parse-http-head.ts'
import type { Capture } from '../ingest/capture.ts'
import { responseHead } from '../ingest/build-memento.ts'
import type { DecodedIparo } from '../iparo/iparo-root.ts'
import { importKubo } from '../iparo/kubo-import.ts'
import { isWellFormed } from '../url-map/key-order.ts'
import { MAX_ENTRY_LOCATION, MAX_ENTRY_MIME } from '../url-map/url-entry.ts'
import type { UrlEntry } from '../url-map/url-map.ts'

const discard = { put: async () => {} }

/**
 * The same record with the same bytes: every piece the capture would store has the CID the archived
 * IPARO holds (hand-made WARCs reuse record IDs for different records, so the ID alone proves nothing).
 */
export async function sameCapture (iparo: DecodedIparo, capture: Capture): Promise<boolean> {
  const h = iparo.header
  if (h.record.id !== capture.warc.id || h.record.type !== capture.warc.type) return false
  const piece = (role: string): string | undefined => iparo.pieces.find(p => p.role === role)?.cid
  if (piece('payload') !== capture.payload?.cid.toString() || piece('request') !== capture.request?.piece.cid.toString()) return false
  const head = capture.head ?? await importKubo(responseHead(capture, capture.payload?.length ?? 0), discard)
  return piece('response-head') === head.cid.toString()
}

/** The URL entry once `capture` (stored as `head`) is among its versions. */
export function nextEntry (entry: UrlEntry | undefined, capture: Capture, head: CID): UrlEntry {
  if (entry == null) {
    return withFacts({ url: capture.uri, head, ...(capture.title != null ? { title: capture.title } : {}), first: capture.datetime, last: capture.datetime, count: 1 }, captureFacts(capture))
  }
  const newest = compareDatetime(capture.datetime, entry.last) >= 0
  const next: UrlEntry = {
    url: newest ? capture.uri : entry.url,
    head,
    first: compareDatetime(capture.datetime, entry.first) < 0 ? capture.datetime : entry.first,
    last: newest ? capture.datetime : entry.last,
    count: entry.count + 1
  }
  const title = newest ? capture.title ?? entry.title : entry.title ?? capture.title
  if (title != null) next.title = title
  if (entry.page === true) next.page = true
  // the facts describe the newest capture, as `url` does: an older capture found later leaves them
  return withFacts(next, newest ? captureFacts(capture) : entry)
}

type Facts = Pick<UrlEntry, 'mime' | 'status' | 'location'>

function withFacts (entry: UrlEntry, facts: Facts): UrlEntry {
  if (facts.mime !== undefined) entry.mime = facts.mime
  if (facts.status !== undefined) entry.status = facts.status
  if (facts.location !== undefined) entry.location = facts.location
  return entry
}

/**
 * What the page list tells of a capture (docs/url-map.md, UrlEntry): its media type, HTTP status, and
 * for a redirect the Location resolved against its URL. Only a 3xx head is parsed again; values an
 * entry may not hold (an overlong type or Location, a status out of range) are left out.
 */
export function captureFacts (capture: Capture): Facts {
  const facts: Facts = {}
  const mime = capture.mime
  if (mime != null && mime !== '' && mime.length <= MAX_ENTRY_MIME && isWellFormed(mime)) facts.mime = mime
  const status = capture.http?.status
  if (status == null || status < 100 || status > 999) return facts
  facts.status = status
  if (status >= 300 && status < 400 && capture.http != null) {
    const raw = parseHttpHead(capture.http.head, 'response', { atEnd: true })?.headers.get('location')?.trim()
    const target = raw == null || raw === '' ? undefined : URL.parse(raw, capture.uri)?.href
    if (target != null && target.length <= MAX_ENTRY_LOCATION) facts.location = target
  }
  return facts
}
