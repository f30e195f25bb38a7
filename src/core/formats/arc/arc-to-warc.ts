import { parseDigits } from '../../datetime.ts'
import type { HasherFactory } from '../../iparo/digests.ts'
import { SourceGap } from '../../warc/index.ts'
import { contentRecordId } from '../content-record-id.ts'
import { RECORD_END, SOURCE_FORMAT_FIELD, warcRecordHead } from '../warc-record-head.ts'
import { ArcByteReader } from './arc-byte-reader.ts'
import { parseArcHeaderLine, type ArcHeaderLine } from './arc-header-line.ts'
import { ArcOffsets } from './arc-offsets.ts'

/** A header line longer than this is no header line. */
const MAX_LINE = 64 << 10
/** The content's first bytes, read before the record's head is written: they tell its type and go into its ID. */
const PREFIX = 64 << 10
const latin1 = new TextDecoder('latin1')

export interface ArcToWarcOptions {
  hashers: HasherFactory
  /** filled with where the WARC stream's bytes lie in the ARC stream, for the offsets a report names */
  offsets?: ArcOffsets
}

/** The state of one conversion: where both streams are, and the file's ARC version once its `filedesc` said it. */
interface Conversion {
  reader: ArcByteReader
  offsets: ArcOffsets
  hashers: HasherFactory
  /** WARC bytes yielded so far */
  out: number
  version?: number
  /** bytes that are no record, from `garbage.at` on (ARC offsets), not yet reported */
  garbage?: { at: number, bytes: number, start: string }
}

/**
 * An ARC stream (decompressed; `SourceGap`s where the source lost bytes) as the bytes of the WARC
 * records it stands for, streamed: each URL record becomes a `response` record (a `resource` when its
 * content is no HTTP response) and the `filedesc://` record a `warcinfo`, their contents the ARC's bytes
 * as they are (docs/formats.md). Bytes that are no ARC record are skipped to the next header line and
 * passed on as a `SourceGap` (code `arc-garbage`), which the WARC reader reports.
 */
export async function * arcToWarc (source: AsyncIterable<Uint8Array>, options: ArcToWarcOptions): AsyncGenerator<Uint8Array> {
  const c: Conversion = { reader: new ArcByteReader(source[Symbol.asyncIterator]()), offsets: options.offsets ?? new ArcOffsets(), hashers: options.hashers, out: 0 }
  for (;;) {
    const lineAt = c.reader.offset
    const line = await c.reader.line(MAX_LINE)
    const header = line.gap == null ? parseArcHeaderLine(trimEnd(line.bytes), c.version) : undefined
    if (header == null && line.gap == null && !isBlank(line.bytes)) {
      c.garbage ??= { at: lineAt, bytes: 0, start: latin1.decode(line.bytes.subarray(0, 40)) }
      c.garbage.bytes += line.bytes.byteLength
    }
    if (header != null || line.gap != null || line.ended === true) yield * garbageGap(c)
    if (line.gap != null) {
      yield passGap(c, line.gap)
      continue
    }
    if (header != null && !(yield * record(c, header, lineAt, line.bytes))) return
    if (line.ended === true) return
  }
}

/** One record: its WARC head, then its content as read. False when the source ended inside it. */
async function * record (c: Conversion, header: ArcHeaderLine, lineAt: number, line: Uint8Array): AsyncGenerator<Uint8Array, boolean> {
  const prefix = await c.reader.read(Math.min(header.length, PREFIX))
  const filedesc = /^filedesc:/i.test(header.url)
  if (filedesc) c.version = arcVersion(prefix.bytes)
  const head = recordHead(c.hashers, header, line, prefix.bytes, filedesc)
  c.offsets.mark(c.out, lineAt, false)
  yield * emit(c, head)
  c.offsets.mark(c.out, lineAt + line.byteLength, true)
  yield * emit(c, prefix.bytes)
  let stop: { gap?: SourceGap, ended?: boolean } = prefix
  if (prefix.gap == null && prefix.ended !== true) {
    const rest = c.reader.stream(header.length - prefix.bytes.byteLength)
    for (;;) {
      const r = await rest.next()
      if (r.done === true) {
        stop = r.value
        break
      }
      yield * emit(c, r.value)
    }
  }
  // a record cut by a gap or by the end of the source: the WARC reader reports it (truncated, gap)
  if (stop.gap != null) {
    yield passGap(c, stop.gap)
    return true
  }
  if (stop.ended === true) return false
  yield * emit(c, RECORD_END)
  return true
}

function * emit (c: Conversion, bytes: Uint8Array): Generator<Uint8Array> {
  if (bytes.byteLength === 0) return
  c.out += bytes.byteLength
  yield bytes
}

/** A record's WARC head: its fields from the ARC header line, its ID from the line and its first bytes. */
function recordHead (hashers: HasherFactory, h: ArcHeaderLine, line: Uint8Array, prefix: Uint8Array, filedesc: boolean): Uint8Array {
  const http = !filedesc && /^HTTP\//i.test(latin1.decode(prefix.subarray(0, 5)))
  const type = filedesc ? 'warcinfo' : http ? 'response' : 'resource'
  return warcRecordHead([
    ['WARC-Type', type],
    ['WARC-Record-ID', contentRecordId(hashers, ['arc', line, prefix])],
    ['WARC-Date', warcDate(h.date)],
    ['WARC-Target-URI', h.url],
    ['WARC-IP-Address', h.ip === '-' || h.ip === '' ? undefined : h.ip],
    ['Content-Type', http ? 'application/http; msgtype=response' : h.mime],
    [SOURCE_FORMAT_FIELD, 'arc']
  ], h.length)
}

/** The ARC date as a WARC-Date; one that is no date stays as written, for the ingest to report (bad-date). */
function warcDate (digits: string): string {
  try {
    return parseDigits(digits)
  } catch {
    return digits
  }
}

/** The version a `filedesc` record's content declares on its first line (`1 0 …`, `2 0 …`). */
function arcVersion (content: Uint8Array): number | undefined {
  const m = /^\s*(\d+)\s/.exec(latin1.decode(content.subarray(0, 16)))
  return m == null ? undefined : Number(m[1])
}

/** The bytes that were no record, as a gap the WARC reader reports at the ARC offset where they started. */
function * garbageGap (c: Conversion): Generator<Uint8Array> {
  const g = c.garbage
  if (g == null) return
  c.garbage = undefined
  c.offsets.markGarbage(c.out, g.at)
  yield new SourceGap('arc-garbage', `${g.bytes} bytes that are no ARC record (they start with ${JSON.stringify(g.start)}) were skipped to the next record header line`, 0)
}

/** The source's gap, its unverified bytes counted in the WARC stream. */
function passGap (c: Conversion, gap: SourceGap): SourceGap {
  const unverified = Math.max(0, c.out - c.offsets.toWarc(c.reader.offset - gap.unverified))
  return new SourceGap(gap.code, gap.message, unverified, gap.fileOffset)
}

function trimEnd (bytes: Uint8Array): Uint8Array {
  let end = bytes.byteLength
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--
  return bytes.subarray(0, end)
}

function isBlank (bytes: Uint8Array): boolean {
  return trimEnd(bytes).byteLength === 0
}
