import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { InvalidChainError } from '../errors.ts'
import { tryNanos } from './datetime-nanos.ts'
import type { Datetime } from '../datetime.ts'
import { sha256Cid } from '../iparo/sha256-cid.ts'

/** A TimeMap segment lists the versions of one aligned block of SEGMENT_SPAN seqs. */
export const SEGMENT_SPAN = 64
/** Segments are (re)written every SEGMENT_STEP appends, so a listing never walks more headers than that. */
export const SEGMENT_STEP = 8

/**
 * A separate dag-cbor object listing consecutive versions of one URL: seqs start … start+n−1 of
 * the block ⌊start/64⌋, and the CID of the previous block's complete segment.
 */
export interface TimeMapSegment {
  start: number
  entries: Array<{ cid: string, datetime: Datetime }>
  prev?: string
}

/** The seqs a segment is expected to cover, before it is read. */
export interface SegmentRange {
  start: number
  end: number
}

/** True when appending `seq` writes a segment (covering the block up to seq − 1). */
export function writesSegment (seq: number): boolean {
  return seq > 0 && seq % SEGMENT_STEP === 0
}

/** What the segment named in the header at `seq` covers: its block, up to the last multiple of 8 ≤ seq, minus one. */
export function segmentRangeFor (seq: number): SegmentRange | undefined {
  const written = seq - (seq % SEGMENT_STEP)
  if (written === 0) return undefined
  return { start: SEGMENT_SPAN * Math.floor((written - 1) / SEGMENT_SPAN), end: written - 1 }
}

/** What a segment's `prev` covers: the whole block before it. */
export function previousSegmentRange (start: number): SegmentRange | undefined {
  return start >= SEGMENT_SPAN ? { start: start - SEGMENT_SPAN, end: start - 1 } : undefined
}

export async function encodeSegment (segment: TimeMapSegment): Promise<{ cid: CID, bytes: Uint8Array }> {
  const node: Record<string, unknown> = {
    v: 1,
    start: segment.start,
    entries: segment.entries.map(e => [CID.parse(e.cid), e.datetime])
  }
  if (segment.prev !== undefined) node.prev = CID.parse(segment.prev)
  const bytes = dagCbor.encode(node)
  return { cid: sha256Cid(dagCbor.code, await sha256.encode(bytes)), bytes }
}

export function decodeSegment (bytes: Uint8Array): TimeMapSegment {
  let node: unknown
  try {
    node = dagCbor.decode(bytes)
  } catch (err) {
    throw new InvalidChainError('TimeMap segment is not dag-cbor', { cause: err })
  }
  const bad = (why: string): InvalidChainError => new InvalidChainError(`TimeMap segment ${why}`)
  if (typeof node !== 'object' || node === null) throw bad('is not a map')
  const n = node as Record<string, unknown>
  if (n.v !== 1) throw bad('has an unknown version')
  const start = n.start
  if (typeof start !== 'number' || !Number.isSafeInteger(start) || start < 0) throw bad('has no valid start')
  if (!Array.isArray(n.entries) || n.entries.length > SEGMENT_SPAN) throw bad('has no valid entries')
  const entries = (n.entries as unknown[]).map(e => {
    const cid = Array.isArray(e) ? CID.asCID(e[0]) : null
    const datetime: unknown = Array.isArray(e) ? e[1] : undefined
    if (cid == null || tryNanos(datetime) === undefined) throw bad('has an invalid entry')
    return { cid: cid.toString(), datetime: datetime as Datetime }
  })
  if (Math.floor(start / SEGMENT_SPAN) !== Math.floor((start + Math.max(entries.length, 1) - 1) / SEGMENT_SPAN)) {
    throw bad('crosses a block boundary')
  }
  let prev: string | undefined
  if (n.prev !== undefined) {
    const p = CID.asCID(n.prev)
    if (p == null) throw bad('has an invalid prev')
    prev = p.toString()
  }
  return prev === undefined ? { start, entries } : { start, entries, prev }
}
