import { compareDatetime } from '../datetime.ts'
import { IPARO_HEADER_MEDIA_TYPE, validateHeader, type IparoHeader } from '../iparo/iparo-header.ts'
import type { WarcRecord } from '../warc/index.ts'
import type { Capture, ProblemReport } from './capture.ts'

/**
 * The IPARO header an exported WARC (docs/export.md) writes before each memento record: what the IPARO
 * was made of beyond the record itself. Read back by ingest so the IPARO rebuilt from an export is the
 * same IPARO (same CID). `problem` says why a header record was there but could not be used.
 */
export interface CarriedHeader {
  header?: IparoHeader
  problem?: string
}

/** The revisit reference fields an export adds when the source record had none, with the header field naming each. */
const ADDED_FIELDS: Array<[string, (h: IparoHeader) => string | undefined]> = [
  ['WARC-Profile', h => h.revisit?.profile],
  ['WARC-Refers-To', h => h.revisit?.refersTo],
  ['WARC-Refers-To-Target-URI', h => h.revisit?.refersToUri],
  ['WARC-Refers-To-Date', h => h.revisit?.refersToDate],
  ['WARC-Payload-Digest', h => h.digests.declared]
]

const decoder = new TextDecoder('utf-8', { fatal: true })

/** Whether a metadata record is an IPARO header record (by its Content-Type). */
export function isHeaderRecord (record: WarcRecord): boolean {
  return record.headers.get('Content-Type')?.trim().startsWith(IPARO_HEADER_MEDIA_TYPE) === true
}

/** Parses an IPARO header record's content; one too large to be held (never written so) is refused. */
export function readCarriedHeader (record: WarcRecord): CarriedHeader {
  if (record.content == null) return { problem: 'IPARO header record too large' }
  try {
    return { header: validateHeader(JSON.parse(decoder.decode(record.content))) }
  } catch (err) {
    return { problem: `unreadable IPARO header record: ${(err as Error).message}` }
  }
}

/**
 * Applies the carried header to the capture of the record that followed it, once the capture is complete
 * (its revisit resolved): the fields the record alone cannot give — a revisit's type and reference fields
 * as the source had them, its original's CID, the warnings. The header is untrusted input: it is used
 * only when it describes this record (same URI, date, record ID and type, the payload digest computed
 * here); otherwise the capture stays as read and the reason is returned, for a warning.
 */
export function applyCarriedHeader (capture: Capture): string | undefined {
  const carried = capture.carried
  if (carried == null) return undefined
  // kept only when applied: appendParts then knows the capture's order is the archive's
  capture.carried = undefined
  const h = carried.header
  if (h == null) return carried.problem
  const problem = disagreement(capture, h)
  if (problem != null) return `IPARO header ignored: ${problem}`
  capture.carried = carried
  if (h.revisit != null) restoreRevisit(capture, h, h.revisit)
  capture.warnings = [...(h.warnings ?? [])]
  return undefined
}

/** A resolved revisit written as the complete response it is stored as (docs/iparo-format.md, section 4). */
function isStoredRevisit (c: Capture): boolean {
  return c.warc.type === 'response' && c.warc.headers.get('WARC-IPARO-Source-Type')?.trim() === 'revisit'
}

function disagreement (c: Capture, h: IparoHeader): string | undefined {
  if (h.uri !== c.uri) return `it is for ${h.uri}, the record for ${c.uri}`
  if (h.datetime !== c.datetime || h.record.date !== c.warc.date) return `its date ${h.record.date} is not the record's ${c.warc.date}`
  if (h.record.id !== c.warc.id) return `its record ID ${String(h.record.id)} is not the record's ${String(c.warc.id)}`
  if (h.record.warc !== c.warc.version) return `its WARC version ${h.record.warc} is not the record's ${c.warc.version}`
  if (h.record.type !== c.warc.type && !(h.record.type === 'revisit' && isStoredRevisit(c))) return `it is for a ${h.record.type} record, not a ${c.warc.type}`
  if ((h.revisit != null) !== (h.record.type === 'revisit')) return 'its revisit fields do not match its record type'
  if (h.digests.computed !== c.digests.computed) return `its payload digest ${String(h.digests.computed)} is not the payload's ${String(c.digests.computed)}`
  if (h.revisit == null) return undefined
  for (const [name, value] of ADDED_FIELDS) {
    const carried = value(h)
    const written = c.warc.headers.get(name)?.trim().replace(/^<(.*)>$/, '$1')
    if (carried != null && written !== carried.replace(/^<(.*)>$/, '$1')) return `its ${name} is not the record's`
  }
  return undefined
}

function restoreRevisit (c: Capture, h: IparoHeader, r: NonNullable<IparoHeader['revisit']>): void {
  const stored = isStoredRevisit(c)
  let headers = c.warc.headers
  for (const [name, value] of ADDED_FIELDS) {
    if (value(h) == null) headers = headers.without(name)
  }
  c.warc.headers = headers
  c.warc.type = 'revisit'
  c.revisit = {
    profile: r.profile,
    refersTo: r.refersTo,
    refersToUri: r.refersToUri,
    refersToDate: r.refersToDate,
    original: r.original,
    // a stored revisit has its payload: replayable whatever this says
    resolved: stored ? false : c.revisit?.resolved ?? false
  }
  c.digests.declared = h.digests.declared
  if (stored) {
    // a revisit's payload is its original's: the declaration is not checked against it
    c.digests.declaredMatches = undefined
    c.digests.actual = undefined
  }
}

/** Applies each capture's carried header; each one ignored is reported as a warning on its record. */
export function applyCarriedHeaders (captures: Capture[], warn: (warning: ProblemReport) => void): void {
  for (const c of captures) {
    const problem = applyCarriedHeader(c)
    if (problem == null) continue
    const report: ProblemReport = { file: c.file, offset: c.offset, code: 'iparo-header-ignored', message: problem, uri: c.uri }
    if (c.warc.id != null) report.recordId = c.warc.id
    warn(report)
  }
}

/**
 * The batch split so that appending each part keeps every exported URL's versions in file order. The
 * archive writer sorts each URL's captures of an append by datetime; an export lists them in the order
 * the archive appended them (`seq`), which is not time order when a later ingest added an older capture.
 * A capture with an applied header that is older than one of its URL before it in the part starts a
 * new part. Captures without one are sorted by time as always.
 */
export function appendParts (captures: Capture[]): Capture[][] {
  const parts: Capture[][] = []
  let part: Capture[] = []
  let newest = new Map<string, string>()
  for (const c of captures) {
    const before = newest.get(c.key)
    if (c.carried?.header != null && before != null && compareDatetime(c.datetime, before) < 0) {
      parts.push(part)
      part = []
      newest = new Map()
    }
    part.push(c)
    const last = newest.get(c.key)
    if (last == null || compareDatetime(c.datetime, last) > 0) newest.set(c.key, c.datetime)
  }
  if (part.length > 0) parts.push(part)
  return parts
}

/** A batch's carried headers applied (see applyCarriedHeaders), then the batch in parts (see appendParts). */
export function carriedParts (captures: Capture[], warn: (warning: ProblemReport) => void): Capture[][] {
  applyCarriedHeaders(captures, warn)
  return appendParts(captures)
}
