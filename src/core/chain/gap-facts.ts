import { readChainSummary } from './chain-summary.ts'
import type { DatetimeBounds } from './chain-summary.ts'
import { tryNanos } from './datetime-nanos.ts'
import { ROLE_SEE_ALSO } from './version-header.ts'
import type { VersionHeader } from './version-header.ts'

/** A link target as readers use it: the link's fields plus its datetime in epoch nanoseconds. */
export interface TargetRef {
  seq: number
  cid: string
  datetime: string
  ns: bigint
  role: string
}

/** What one header says about the versions strictly between two of its consecutive structural targets. */
export type GapFact =
  | { lo: TargetRef, hi: TargetRef, kind: 'sorted' }
  | { lo: TargetRef, hi: TargetRef, kind: 'bounds', bounds: DatetimeBounds }

/**
 * The header's usable links, highest seq first, one per seq (the first one listed wins). A link is
 * invalid, and skipped, unless it points strictly backwards (0 ≤ seq < header.seq) with a string CID
 * and a normalized datetime: that rule alone makes every walk terminate, whatever a header claims.
 */
export function validLinks (header: VersionHeader, structuralOnly = false): TargetRef[] {
  const bySeq = new Map<number, TargetRef>()
  if (!Array.isArray(header.links) || !Number.isSafeInteger(header.seq)) return []
  for (const l of header.links as unknown[]) {
    if (typeof l !== 'object' || l === null) continue
    const { cid, datetime, seq, role } = l as Record<string, unknown>
    if (typeof cid !== 'string' || typeof seq !== 'number' || !Number.isSafeInteger(seq)) continue
    if (seq < 0 || seq >= header.seq) continue
    const r = typeof role === 'string' ? role : ''
    if (structuralOnly && r === ROLE_SEE_ALSO) continue
    const ns = tryNanos(datetime)
    if (ns === undefined || bySeq.has(seq)) continue
    bySeq.set(seq, { seq, cid, datetime: datetime as string, ns, role: r })
  }
  return [...bySeq.values()].sort((a, b) => b.seq - a.seq)
}

/** The links that cut the seqs below a header into gaps: every role except 'see-also'. */
export function structuralTargets (header: VersionHeader): TargetRef[] {
  return validLinks(header, true)
}

/** The facts a header's summary states about its gaps (none when it has no readable summary). */
export function gapFacts (header: VersionHeader, targets = structuralTargets(header)): GapFact[] {
  const read = readChainSummary(header.chain)
  if (read === undefined) return []
  const facts: GapFact[] = []
  for (let i = 0; i + 1 < targets.length; i++) {
    const hi = targets[i] as TargetRef
    const lo = targets[i + 1] as TargetRef
    if (hi.seq - lo.seq < 2 || read.unknown.has(hi.seq)) continue
    const b = read.bounds.get(hi.seq)
    facts.push(b === undefined ? { lo, hi, kind: 'sorted' } : { lo, hi, kind: 'bounds', bounds: b })
  }
  return facts
}

/** Everything readers take from one header, parsed once per header object (headers are immutable). */
export interface ParsedHeader {
  links: TargetRef[]
  targets: TargetRef[]
  facts: GapFact[]
  seg?: string
}

const parsedCache = new WeakMap<VersionHeader, ParsedHeader>()

export function parseHeader (header: VersionHeader): ParsedHeader {
  let parsed = parsedCache.get(header)
  if (parsed === undefined) {
    const targets = structuralTargets(header)
    parsed = { links: validLinks(header), targets, facts: gapFacts(header, targets) }
    const seg = readChainSummary(header.chain)?.summary.seg
    if (seg !== undefined) parsed.seg = seg
    parsedCache.set(header, parsed)
  }
  return parsed
}
