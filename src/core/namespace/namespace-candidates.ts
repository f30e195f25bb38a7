import type { CID } from 'multiformats/cid'
import type { BlockGetter } from '../blocks.ts'
import { compareDatetime } from '../datetime.ts'
import { readIparo, type DecodedIparo } from '../iparo/iparo-root.ts'
import { namespaceClaimHolds, namespaceKey } from './namespace-claim.ts'
import { sameLayout, type NamespaceLayout } from './namespace-layout.ts'

/** What a scan makes of its candidates: the captures of the key, in time order, and how many were not. */
export interface SortedCandidates {
  mementos: DecodedIparo[]
  /** distinct blocks whose digest had one of the prefixes */
  candidates: number
  /** candidates that are no capture of the key: other URLs, other blocks, forged or foreign claims */
  collisions: number
}

// a prefix of few bits makes many blocks candidates: read a few at a time, not all at once
const READS_AT_ONCE = 8
// what a candidate that is not a readable memento IPARO throws; anything else (an abort, a disk) is the scan's failure
const NOT_A_CAPTURE = new Set(['BlockNotFoundError', 'BlockVerificationError', 'InvalidIparoError'])

/**
 * Whether a decoded memento IPARO is a capture of `key` found by scanning `layouts`: its header
 * claims one of them, its URL key is `key`, and its CID really has the prefix that claim promises
 * (a header's claim is its word, checked against the CID, never taken as is).
 */
export async function capturesKey (iparo: Pick<DecodedIparo, 'cid' | 'header'>, key: string, layouts: readonly NamespaceLayout[]): Promise<boolean> {
  const claim = iparo.header.namespace
  if (claim == null || !layouts.some(l => sameLayout(l, claim))) return false
  if (namespaceKey(iparo.header) !== key) return false
  return namespaceClaimHolds(iparo.cid, iparo.header, claim)
}

/**
 * Reads each candidate root (verified against its CID) and keeps the memento IPAROs that capture
 * `key` under one of `layouts`, in time order (captures at one instant by chain position, then CID,
 * so every node lists them alike). Each candidate is read once, however often it is given.
 */
export async function sortCandidates (blocks: BlockGetter, candidates: Iterable<CID>, key: string, layouts: readonly NamespaceLayout[], signal?: AbortSignal): Promise<SortedCandidates> {
  const distinct = new Map<string, CID>()
  for (const cid of candidates) distinct.set(cid.toString(), cid)
  const queue = [...distinct.values()]
  const mementos: DecodedIparo[] = []
  const readNext = async (): Promise<void> => {
    for (let cid = queue.shift(); cid != null; cid = queue.shift()) {
      signal?.throwIfAborted()
      const iparo = await readCandidate(blocks, cid, signal)
      if (iparo != null && await capturesKey(iparo, key, layouts)) mementos.push(iparo)
    }
  }
  await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, queue.length) }, readNext))
  mementos.sort(byTime)
  return { mementos, candidates: distinct.size, collisions: distinct.size - mementos.length }
}

async function readCandidate (blocks: BlockGetter, cid: CID, signal?: AbortSignal): Promise<DecodedIparo | undefined> {
  try {
    return await readIparo(blocks, cid, { signal })
  } catch (err) {
    if (err instanceof Error && NOT_A_CAPTURE.has(err.name)) return undefined
    throw err
  }
}

function byTime (a: DecodedIparo, b: DecodedIparo): number {
  const ca = a.cid.toString()
  const cb = b.cid.toString()
  return compareDatetime(a.header.datetime, b.header.datetime) || a.header.seq - b.header.seq || (ca < cb ? -1 : ca > cb ? 1 : 0)
}
