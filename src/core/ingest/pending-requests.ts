import { surt } from '../surt.ts'
import type { Capture, RequestCapture } from './capture.ts'

export interface PendingRequest {
  request: RequestCapture
  /** the index of the record it was read from */
  at: number
}

/**
 * Request records waiting for their response, found three ways, strongest first: the response's record
 * ID among the request's `WARC-Concurrent-To`, a request ID among the response's, or the same URI and
 * `WARC-Date`. One map per way, keyed by the header values themselves: no key strings built per record
 * (a prefix per way made ~9 new strings per pair and a hash of each).
 *
 * A way only leads to a request of the same file and target URI: record IDs are unique within a crawl's
 * file at best (hand-made WARCs reuse them across files, and even within one), so an ID alone would pair
 * a response with another file's request for another URL, and the result would depend on file order.
 * Requests sharing a way are kept in reading order and the oldest that fits is taken: a response, read
 * in order, meets the request written with it (pywb's example-extra.warc repeats one pair's IDs, URI and
 * date for a `GET` and a `GETX` exchange).
 */
export class PendingRequests {
  private readonly byId = new Map<string, PendingRequest[]>()
  private readonly byConcurrent = new Map<string, PendingRequest[]>()
  private readonly byAt = new Map<string, PendingRequest[]>()

  add (entry: PendingRequest): void {
    const r = entry.request
    if (r.id != null) file(this.byId, r.id, entry)
    for (const id of r.concurrentTo) file(this.byConcurrent, id, entry)
    file(this.byAt, atKey(r.uri, r.date), entry)
  }

  /** The capture's request, removed from every way it was filed under. */
  take (capture: Capture): RequestCapture | undefined {
    const found = (capture.warc.id != null ? oldestFor(this.byConcurrent.get(capture.warc.id), capture) : undefined) ??
      this.firstById(capture) ??
      oldestFor(this.byAt.get(atKey(capture.uri, capture.warc.date)), capture)
    if (found == null) return undefined
    this.remove(found)
    return found.request
  }

  /** Drops a request no response claimed; false when it had been taken, so it is not counted as unpaired. */
  expire (entry: PendingRequest): boolean {
    return this.remove(entry)
  }

  /** Takes the entry out of every way; whether it was still there (every request is filed by URI and date). */
  private remove (entry: PendingRequest): boolean {
    const r = entry.request
    if (r.id != null) unfile(this.byId, r.id, entry)
    for (const id of r.concurrentTo) unfile(this.byConcurrent, id, entry)
    return unfile(this.byAt, atKey(r.uri, r.date), entry)
  }

  private firstById (capture: Capture): PendingRequest | undefined {
    for (const id of capture.warc.concurrentTo) {
      const found = oldestFor(this.byId.get(id), capture)
      if (found != null) return found
    }
    return undefined
  }
}

function atKey (uri: string, date: string): string {
  return `${uri} ${date}`
}

function file (map: Map<string, PendingRequest[]>, key: string, entry: PendingRequest): void {
  const list = map.get(key)
  if (list == null) map.set(key, [entry])
  else if (!list.includes(entry)) list.push(entry) // a request concurrent to one ID twice is filed once
}

function unfile (map: Map<string, PendingRequest[]>, key: string, entry: PendingRequest): boolean {
  const list = map.get(key)
  const i = list?.indexOf(entry) ?? -1
  if (list == null || i < 0) return false
  if (list.length === 1) map.delete(key)
  else list.splice(i, 1)
  return true
}

/** The oldest request of the list that belongs with the capture: same file, same target URI. */
function oldestFor (list: PendingRequest[] | undefined, capture: Capture): PendingRequest | undefined {
  if (list == null) return undefined
  for (const entry of list) {
    const r = entry.request
    if (r.file === capture.file && sameTarget(r.uri, capture.uri)) return entry
  }
  return undefined
}

/** The same URI as written, or two spellings of one URL (one key). */
function sameTarget (a: string, b: string): boolean {
  return a === b || surt(a) === surt(b)
}
