import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { WARCParser } from 'warcio'
import { fixtureUrl } from '../warc/fixtures.test-support.ts'

/**
 * WARC records read WITHOUT IPARO's own reader, so that what replay serves is checked against an
 * independent reading: warcio frames CRLF files; the hand-made LF-only files (which warcio reads as
 * one run-on header block) are framed here by their Content-Length.
 */
export interface PlainRecord {
  file: string
  /** position among the file's records, from 0 */
  index: number
  /** WARC header names lower-cased; a repeated header keeps its first value */
  headers: Map<string, string>
  /** the record block, exactly Content-Length bytes of it */
  block: Uint8Array
}

const latin1 = new TextDecoder('latin1')

/** The fixture's bytes, gunzipped when they are gzip whatever the name says (py-wacz's `.warc` is). */
export function plainFixtureBytes (name: string): Uint8Array {
  const raw = new Uint8Array(readFileSync(fixtureUrl(name)))
  return raw[0] === 0x1f && raw[1] === 0x8b ? new Uint8Array(gunzipSync(raw)) : raw
}

/** The records of a WARC's (uncompressed) bytes; `name` labels them. */
export async function readPlainRecords (name: string, bytes: Uint8Array): Promise<PlainRecord[]> {
  const firstLineEnd = bytes.indexOf(0x0a)
  const lfOnly = firstLineEnd > 0 && bytes[firstLineEnd - 1] !== 0x0d
  return lfOnly ? readLfRecords(name, bytes) : await readWithWarcio(name, bytes)
}

async function * pieces (bytes: Uint8Array, size = 65_536): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

async function readWithWarcio (file: string, bytes: Uint8Array): Promise<PlainRecord[]> {
  const out: PlainRecord[] = []
  // parseHttp off: warcio would parse `dns:` responses (text/dns) as HTTP and lose the next record's head
  for await (const record of new WARCParser(pieces(bytes), { parseHttp: false })) {
    const headers = new Map<string, string>()
    for (const [name, value] of record.warcHeaders.headers) {
      if (!headers.has(name.toLowerCase())) headers.set(name.toLowerCase(), value)
    }
    out.push({ file, index: out.length, headers, block: await record.readFully(false) })
  }
  return out
}

/** Records of a file whose header lines end in a bare LF; each block is Content-Length bytes. */
function readLfRecords (file: string, bytes: Uint8Array): PlainRecord[] {
  const out: PlainRecord[] = []
  let at = 0
  while (at < bytes.length) {
    while (at < bytes.length && (bytes[at] === 0x0a || bytes[at] === 0x0d)) at++
    if (at >= bytes.length) break
    const headEnd = findBlankLine(bytes, at)
    if (headEnd == null) throw new Error(`${file}: a WARC head at ${at} never ends`)
    const headers = new Map<string, string>()
    for (const line of latin1.decode(bytes.subarray(at, headEnd.start)).split(/\r?\n/).slice(1)) {
      const colon = line.indexOf(':')
      const name = line.slice(0, colon).trim().toLowerCase()
      if (colon > 0 && !headers.has(name)) headers.set(name, line.slice(colon + 1).trim())
    }
    const length = Number(headers.get('content-length') ?? '0')
    let block = bytes.subarray(headEnd.end, headEnd.end + length)
    // a Content-Length that overruns the file (ipwb's redirect.warc): the record's own bytes end before
    // the record terminator, two empty lines
    if (headEnd.end + length > bytes.length) block = block.subarray(0, block.length - trailingTerminator(block))
    out.push({ file, index: out.length, headers, block })
    at = headEnd.end + length
  }
  return out
}

/** The length of the record terminator (`\n\n` or `\r\n\r\n`) at the end of bytes, 0 without one. */
function trailingTerminator (bytes: Uint8Array): number {
  const tail = latin1.decode(bytes.subarray(-4))
  return tail.endsWith('\r\n\r\n') ? 4 : tail.endsWith('\n\n') ? 2 : 0
}

/** Where the first empty line from `from` starts and where what follows it begins (LF, CRLF or CRCRLF lines). */
export function findBlankLine (bytes: Uint8Array, from = 0): { start: number, end: number } | undefined {
  for (let i = bytes.indexOf(0x0a, from); i >= 0; i = bytes.indexOf(0x0a, i + 1)) {
    let j = i + 1
    while (bytes[j] === 0x0d) j++
    if (bytes[j] === 0x0a) return { start: i + 1, end: j + 1 }
  }
  return undefined
}

/** The HTTP head (as text) and the entity bytes of a response or revisit block. */
export function splitHttpBlock (block: Uint8Array): { head: string, body: Uint8Array } | undefined {
  const end = findBlankLine(block)
  if (end == null) return undefined
  return { head: latin1.decode(block.subarray(0, end.start)), body: block.subarray(end.end) }
}

/** A header's value in an HTTP head (case-insensitive; the first one). */
export function httpHeader (head: string, name: string): string | undefined {
  for (const line of head.split(/\r*\n/).slice(1)) {
    const colon = line.indexOf(':')
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === name.toLowerCase()) return line.slice(colon + 1).trim()
  }
  return undefined
}

/**
 * The body de-chunked, when it really is chunked through to its last chunk (size lines, an optional
 * extension, data, CRLF; a 0 chunk, trailers). Undefined when it is not: such bodies are kept as captured.
 */
export function dechunk (body: Uint8Array): Uint8Array | undefined {
  const parts: Uint8Array[] = []
  let at = 0
  for (;;) {
    const lineEnd = body.indexOf(0x0a, at)
    if (lineEnd < 0) return undefined
    const m = /^([0-9a-fA-F]+)[ \t]*(?:;[^\r\n]*)?\r?$/.exec(latin1.decode(body.subarray(at, lineEnd)))
    if (m?.[1] == null) return undefined
    const size = parseInt(m[1], 16)
    at = lineEnd + 1
    if (size === 0) break
    if (at + size > body.length) return undefined
    parts.push(body.subarray(at, at + size))
    at += size
    if (body[at] === 0x0d) at++
    if (body[at] !== 0x0a) return undefined
    at++
  }
  return Buffer.concat(parts)
}

/**
 * URI-M digits at the record's full precision: `YYYYMMDDhhmmss` (reduced-precision dates padded with
 * the earliest instant) then the fraction without trailing zeros (nanoseconds at most).
 */
export function warcDateDigits (date: string): string {
  const t = date.trim()
  if (/^\d{14}$/.test(t)) return t
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?)?)?Z?$/.exec(t)
  if (m == null) throw new Error(`unexpected WARC-Date ${JSON.stringify(date)}`)
  const fraction = (m[7] ?? '').slice(0, 9).replace(/0+$/, '')
  return `${m[1] ?? ''}${m[2] ?? '01'}${m[3] ?? '01'}${m[4] ?? '00'}${m[5] ?? '00'}${m[6] ?? '00'}${fraction}`
}
