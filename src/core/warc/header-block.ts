import { WarcHeaders } from './warc-headers.ts'

export type HeaderBlock =
  | { status: 'ok', version: string, headers: WarcHeaders, length: number, malformedLines: number }
  | { status: 'incomplete' }
  | { status: 'invalid', reason: string }

const LF = 0x0a
const CR = 0x0d
const MAGIC = [0x57, 0x41, 0x52, 0x43, 0x2f] // "WARC/"
// `WARC/0.17` plus trailing spaces and line ending fits easily
const MAX_VERSION_LINE = 32
const VERSION = /^WARC\/\d+\.\d+$/

const utf8 = new TextDecoder('utf-8')

/**
 * Whether `WARC/<digit>` starts at bytes[at]: 'partial' when the bytes end before that is
 * decided (a prefix matches).
 */
export function magicAt (bytes: Uint8Array, at: number): 'yes' | 'no' | 'partial' {
  for (let k = 0; k < 6; k++) {
    const b = bytes[at + k]
    if (b == null) return 'partial'
    if (k < 5 ? b !== MAGIC[k] : b < 0x30 || b > 0x39) return 'no'
  }
  return 'yes'
}

/**
 * Parses the WARC header block starting at bytes[at]: version line, `Name: value` lines (with
 * continuation lines), blank line. Line endings may be `\n`, `\r\n` or `\r\r\n`. Valid only with
 * a WARC-Type or WARC-Record-ID, which is also what makes a `WARC/` line a record boundary.
 */
export function parseWarcHeaderBlock (bytes: Uint8Array, at: number, maxLength: number): HeaderBlock {
  const magic = magicAt(bytes, at)
  if (magic === 'no') return { status: 'invalid', reason: 'no WARC/ version line' }
  if (magic === 'partial') return { status: 'incomplete' }

  const nl = bytes.subarray(at, at + MAX_VERSION_LINE + 1).indexOf(LF)
  if (nl === -1) {
    return bytes.length - at <= MAX_VERSION_LINE
      ? { status: 'incomplete' }
      : { status: 'invalid', reason: 'version line too long' }
  }
  const versionEnd = at + nl
  const version = utf8.decode(bytes.subarray(at, versionEnd)).trimEnd()
  if (!VERSION.test(version)) return { status: 'invalid', reason: `bad version line ${JSON.stringify(version)}` }

  // find the blank line: after a line feed, only carriage returns up to the next line feed
  const limit = Math.min(bytes.length, at + maxLength)
  let lineStart = versionEnd + 1
  let end = -1
  while (lineStart < limit) {
    let j = lineStart
    while (j < limit && bytes[j] === CR) j++
    if (j < limit && bytes[j] === LF) { end = j + 1; break }
    if (j === limit) break
    const nl = bytes.indexOf(LF, j)
    if (nl === -1 || nl >= limit) break
    lineStart = nl + 1
  }
  if (end === -1) {
    return bytes.length < at + maxLength
      ? { status: 'incomplete' }
      : { status: 'invalid', reason: `no end of header block within ${maxLength} bytes` }
  }

  const pairs: Array<[string, string]> = []
  const lower: string[] = []
  let malformedLines = 0
  for (const raw of utf8.decode(bytes.subarray(versionEnd + 1, end)).split('\n')) {
    const line = raw.trimEnd()
    if (line === '') continue
    const first = line.charCodeAt(0)
    if (first === 0x20 || first === 0x09) {
      const last = pairs[pairs.length - 1]
      if (last != null) last[1] = last[1] === '' ? line.trim() : `${last[1]} ${line.trim()}`
      else malformedLines++
      continue
    }
    const colon = line.indexOf(':')
    const name = colon > 0 ? line.slice(0, colon).trim() : ''
    if (name === '') {
      malformedLines++
      continue
    }
    pairs.push([name, line.slice(colon + 1).trim()])
    lower.push(name.toLowerCase())
  }
  const headers = new WarcHeaders(pairs, lower)
  if (!headers.has('WARC-Type') && !headers.has('WARC-Record-ID')) {
    return { status: 'invalid', reason: 'neither WARC-Type nor WARC-Record-ID' }
  }
  return { status: 'ok', version, headers, length: end - at, malformedLines }
}
