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
 */
export class PendingRequests {
  private readonly byId = new Map<string, PendingRequest>()
  private readonly byConcurrent = new Map<string, PendingRequest>()
  private readonly byAt = new Map<string, PendingRequest>()

  /** A later request with the same ID, concurrent ID or URI and date takes that way over. */
  add (entry: PendingRequest): void {
    const r = entry.request
    if (r.id != null) this.byId.set(r.id, entry)
    for (const id of r.concurrentTo) this.byConcurrent.set(id, entry)
    this.byAt.set(atKey(r.uri, r.date), entry)
  }

  /** The capture's request, removed from every way it was filed under. */
  take (capture: Capture): RequestCapture | undefined {
    const found = (capture.warc.id != null ? this.byConcurrent.get(capture.warc.id) : undefined) ??
      this.firstById(capture.warc.concurrentTo) ??
      this.byAt.get(atKey(capture.uri, capture.warc.date))
    if (found == null) return undefined
    const r = found.request
    // every way of it, even one a later request took over (as the request's own keys, they go together)
    if (r.id != null) this.byId.delete(r.id)
    for (const id of r.concurrentTo) this.byConcurrent.delete(id)
    this.byAt.delete(atKey(r.uri, r.date))
    return r
  }

  /**
   * Drops a request no response claimed; false when it had nothing left to drop (it was taken, or later
   * requests took over all its ways), so it is not counted as unpaired.
   */
  expire (entry: PendingRequest): boolean {
    const r = entry.request
    let dropped = false
    if (r.id != null && this.byId.get(r.id) === entry) dropped = this.byId.delete(r.id)
    for (const id of r.concurrentTo) if (this.byConcurrent.get(id) === entry) dropped = this.byConcurrent.delete(id) || dropped
    const at = atKey(r.uri, r.date)
    if (this.byAt.get(at) === entry) dropped = this.byAt.delete(at) || dropped
    return dropped
  }

  private firstById (ids: string[]): PendingRequest | undefined {
    for (const id of ids) {
      const found = this.byId.get(id)
      if (found != null) return found
    }
    return undefined
  }
}

function atKey (uri: string, date: string): string {
  return `${uri} ${date}`
}
