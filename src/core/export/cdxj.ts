import { toDigits14 } from '../datetime.ts'
import { surt } from '../surt.ts'
import type { MementoFacts } from './memento-records.ts'

/** Where a memento record lies in an exported WARC file (absent when the index is written alone). */
export interface RecordLocation {
  offset: number
  length: number
  filename: string
}

/**
 * One CDXJ line as pywb writes them (`surt timestamp14 {json}`): url, mime, status, digest, length,
 * offset, filename (numbers as strings, as pywb does), plus `method` for captures that are not GETs
 * and `iparo`, the CID of the IPARO the record was written from (other tools ignore fields they do not
 * know). Revisits have pywb's mime `warc/revisit`.
 */
export function cdxjLine (facts: MementoFacts, location?: RecordLocation): string {
  const json: Record<string, string> = { url: facts.uri }
  json.mime = facts.type === 'revisit' ? 'warc/revisit' : facts.mime ?? 'unk'
  if (facts.status != null) json.status = String(facts.status)
  if (facts.digest != null) json.digest = facts.digest
  if (location != null) {
    json.length = String(location.length)
    json.offset = String(location.offset)
    json.filename = location.filename
  }
  if (facts.method.toUpperCase() !== 'GET') json.method = facts.method.toUpperCase()
  json.iparo = facts.cid
  return `${surt(facts.uri)} ${toDigits14(facts.datetime)} ${JSON.stringify(json)}`
}

/**
 * The order pywb sorts index lines in: by the bytes of their UTF-8 encoding, which is the order of
 * their code points (not JavaScript's UTF-16 code unit order, which differs above U+FFFF).
 */
export function compareLines (a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) ?? 0
    const y = b.codePointAt(i) ?? 0
    if (x !== y) return x < y ? -1 : 1
    if (x > 0xffff) i++
  }
  return a.length - b.length
}

export function sortLines (lines: string[]): string[] {
  return lines.sort(compareLines)
}
