import { CID } from 'multiformats/cid'
import type { Capture, RequestCapture, StoredPiece } from '../../core/ingest/capture.ts'
import type { IngestItem } from '../../core/ingest/read-record-outcomes.ts'
import type { RecordOutcome } from '../../core/ingest/record-to-capture.ts'
import { WarcHeaders } from '../../core/warc/index.ts'

/**
 * Ingest items as structured-clone data, for the hop from the parsing worker to the main thread:
 * class instances (CIDs, WARC headers) lose their prototypes in a postMessage, so they travel as
 * bytes and pairs and are rebuilt on arrival. Small byte arrays travel as copies of their own: a CID's
 * bytes and an HTTP head are views into shared slabs (sha256-cid.ts, byte-slab.ts), and a postMessage
 * clones the whole buffer behind a view.
 */
type WirePiece = Omit<StoredPiece, 'cid'> & { cid: Uint8Array }
type WireRequest = Omit<RequestCapture, 'piece'> & { piece: WirePiece }
type WireCapture = Omit<Capture, 'payload' | 'head' | 'request' | 'warc'> & {
  payload?: WirePiece
  head?: WirePiece
  warc: Omit<Capture['warc'], 'headers'> & { headers: Array<[string, string]> }
}
type WireOutcome =
  | { kind: 'capture', capture: WireCapture }
  | { kind: 'request', request: WireRequest }
  | Exclude<RecordOutcome, { kind: 'capture' } | { kind: 'request' }>
export type WireItem =
  | Exclude<IngestItem, { kind: 'record' }>
  | (Omit<Extract<IngestItem, { kind: 'record' }>, 'outcome'> & { outcome: WireOutcome })

const pieceToWire = (p: StoredPiece): WirePiece => ({ ...p, cid: new Uint8Array(p.cid.bytes) })
const pieceFromWire = (p: WirePiece): StoredPiece => ({ ...p, cid: CID.decode(p.cid) })

function outcomeToWire (o: RecordOutcome): WireOutcome {
  switch (o.kind) {
    case 'capture': {
      const { payload, head, request, warc, ...rest } = o.capture
      // a capture meets its request later, on the main thread
      void request
      return {
        kind: 'capture',
        capture: {
          ...rest,
          http: rest.http != null ? { status: rest.http.status, head: new Uint8Array(rest.http.head) } : undefined,
          warc: { ...warc, headers: [...warc.headers.entries()] },
          ...(payload != null ? { payload: pieceToWire(payload) } : {}),
          ...(head != null ? { head: pieceToWire(head) } : {})
        }
      }
    }
    case 'request':
      return { kind: 'request', request: { ...o.request, piece: pieceToWire(o.request.piece) } }
    default:
      return o
  }
}

function outcomeFromWire (o: WireOutcome): RecordOutcome {
  switch (o.kind) {
    case 'capture': {
      const { payload, head, warc, ...rest } = o.capture
      return {
        kind: 'capture',
        capture: {
          ...rest,
          warc: { ...warc, headers: new WarcHeaders(warc.headers) },
          // present even when empty, as in record-to-capture.ts: captures keep one hidden class
          payload: payload != null ? pieceFromWire(payload) : undefined,
          head: head != null ? pieceFromWire(head) : undefined,
          request: undefined
        }
      }
    }
    case 'request':
      return { kind: 'request', request: { ...o.request, piece: pieceFromWire(o.request.piece) } }
    default:
      return o
  }
}

export function itemToWire (item: IngestItem): WireItem {
  // a WACZ's pages, report and member names are plain data
  if (item.kind === 'pages' || item.kind === 'wacz' || item.kind === 'source') return item
  if (item.kind === 'problem') {
    // a thrown value need not survive cloning (class instances, functions): its message does
    if (item.cause === undefined) return item
    const { cause, ...rest } = item
    return { ...rest, cause: cause instanceof Error ? cause.message : String(cause) }
  }
  return { ...item, outcome: outcomeToWire(item.outcome) }
}

export function itemFromWire (item: WireItem): IngestItem {
  return item.kind !== 'record' ? item : { ...item, outcome: outcomeFromWire(item.outcome) }
}
