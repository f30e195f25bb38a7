import { open } from 'node:fs/promises'
import { constants, createGunzip, gunzipSync } from 'node:zlib'
import { parseArcHeaderLine } from '../../core/formats/arc/arc-header-line.ts'

/**
 * What an input file is, from its bytes (never its name): a WARC (plain or gzipped, the reader's to
 * read, damage and all), an ARC (plain or gzipped), a HAR (plain or gzipped), a WACZ, or something
 * ingest cannot read, with the problem code and the message to report.
 */
export type InputFormat =
  | { kind: 'warc' }
  | { kind: 'arc' }
  | { kind: 'har', gzipped: boolean }
  | { kind: 'wacz' }
  | { kind: 'unreadable', code: 'unsupported-format' | 'not-a-warc', message: string }

type Sniffed = Exclude<InputFormat, { kind: 'har' }> | { kind: 'har' }

const SNIFF = 64 << 10
/** A zip's central directory, which names every member, is at its end: this much of it is read. */
const ZIP_TAIL = 256 << 10
const text = (bytes: Uint8Array, from: number, length: number): string => Buffer.from(bytes.buffer, bytes.byteOffset + from, Math.max(0, Math.min(length, bytes.length - from))).toString('latin1')

/** Formats known by their first bytes that ingest does not read. */
const OTHERS: Array<{ magic: string, what: string }> = [
  { magic: '\x89PNG\r\n\x1a\n', what: 'a PNG image' },
  { magic: '\xff\xd8\xff', what: 'a JPEG image' },
  { magic: 'GIF8', what: 'a GIF image' },
  { magic: '%PDF-', what: 'a PDF document' }
]

/**
 * Looks at the file's first 64 KiB (inflated, for gzip), and for a zip at its last 256 KiB. A gzip
 * whose start does not inflate is taken for a damaged .warc.gz (the reader skips to its next intact
 * member), and bytes that are no known format but hold a WARC record line further on for a WARC with
 * garbage in front (the reader reports it).
 */
export async function inputFormat (path: string): Promise<InputFormat> {
  const head = await fileBytes(path, 'head')
  if (head.length === 0) return { kind: 'unreadable', code: 'not-a-warc', message: 'the file is empty: no records to read' }
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const inflated = await inflatedStart(head)
    if (inflated.length === 0) return { kind: 'warc' }
    const format = await classify(inflated, path)
    if (format.kind === 'har') return { kind: 'har', gzipped: true }
    if (format.kind === 'wacz') return { kind: 'unreadable', code: 'not-a-warc', message: 'the file is a gzipped zip archive, not a WARC, ARC, HAR or WACZ file' }
    return format.kind === 'unreadable' ? { ...format, message: `${format.message} (gzipped)` } : format
  }
  const format = await classify(head, path)
  return format.kind === 'har' ? { kind: 'har', gzipped: false } : format
}

/**
 * What the start of a gzip file inflates to, up to where it stops inflating: a damaged member further
 * on in the first 64 KiB must not hide what the members before it hold. Nothing when the first one is
 * damaged.
 */
async function inflatedStart (head: Uint8Array): Promise<Uint8Array> {
  try {
    return gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH })
  } catch {
    // (the one-call inflate drops all it made when it fails; the stream passes on what it made before,
    // in steps of 1 KiB, the most it keeps back when it fails)
    return await new Promise((resolve) => {
      const parts: Buffer[] = []
      const gunzip = createGunzip({ finishFlush: constants.Z_SYNC_FLUSH, chunkSize: 1024 })
      gunzip.on('data', (chunk: Buffer) => { parts.push(chunk) })
      gunzip.on('error', () => { resolve(Buffer.concat(parts)) })
      gunzip.on('end', () => { resolve(Buffer.concat(parts)) })
      gunzip.end(head)
    })
  }
}

async function fileBytes (path: string, where: 'head' | 'tail'): Promise<Uint8Array> {
  const handle = await open(path, 'r')
  try {
    const size = where === 'head' ? SNIFF : ZIP_TAIL
    const at = where === 'head' ? 0 : Math.max(0, (await handle.stat()).size - size)
    const bytes = new Uint8Array(size)
    const { bytesRead } = await handle.read(bytes, 0, size, at)
    return bytes.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

async function classify (bytes: Uint8Array, path: string): Promise<Sniffed> {
  let i = 0
  while (i < bytes.length && (bytes[i] === 0x0d || bytes[i] === 0x0a)) i++
  const start = text(bytes, i, 16)
  if (/^WARC\/\d/.test(start)) return { kind: 'warc' }
  if (start.startsWith('filedesc://') || isArcLine(bytes, i)) return { kind: 'arc' }
  if (start.startsWith('PK\x03\x04') || start.startsWith('PK\x05\x06')) return await zipFormat(bytes, path)
  if (isHar(bytes)) return { kind: 'har' }
  const other = OTHERS.find(f => start.startsWith(f.magic))
  if (other != null) return { kind: 'unreadable', code: 'not-a-warc', message: `the file is ${other.what}, not a WARC, ARC, HAR or WACZ file` }
  if (/\nWARC\/\d/.test(text(bytes, 0, bytes.length))) return { kind: 'warc' }
  return { kind: 'unreadable', code: 'not-a-warc', message: `not a WARC, ARC, HAR or WACZ file: it starts with ${JSON.stringify(start)} where a WARC starts with "WARC/1.0" or "WARC/1.1", an ARC with "filedesc://" and a HAR with {"log": …` }
}

/** An ARC without its `filedesc` record (a fragment of one): its first line is an ARC record's header line. */
function isArcLine (bytes: Uint8Array, from: number): boolean {
  const nl = bytes.indexOf(0x0a, from)
  if (nl < 0) return false
  const line = bytes.subarray(from, nl > from && bytes[nl - 1] === 0x0d ? nl - 1 : nl)
  return /^[a-z][a-z0-9+.-]*:\S* /i.test(text(line, 0, 64)) && parseArcHeaderLine(line) != null
}

/**
 * A HAR is a JSON object whose `log` holds `entries` (HAR 1.2, as browsers export it): a `{` after an
 * optional byte order mark and white space, and a `"log": {` key with `"version"`, `"creator"` or
 * `"entries"` in it. The whole file is checked when it is parsed.
 */
function isHar (bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0d || bytes[i] === 0x0a)) i++
  if (bytes[i] !== 0x7b) return false
  const json = text(bytes, i, bytes.length)
  const log = /^\{\s*(?:"[^"]*"\s*:\s*(?:"(?:[^"\\]|\\.)*"|[\d.eE+-]+|true|false|null)\s*,\s*)*"log"\s*:\s*\{/.exec(json)
  return log != null && /"(?:version|creator|entries)"\s*:/.test(json.slice(log[0].length, log[0].length + 4096))
}

/** A WACZ is a zip whose members include datapackage.json and archive/*.warc(.gz): its local and central headers name them. */
async function zipFormat (head: Uint8Array, path: string): Promise<Sniffed> {
  const names = text(head, 0, head.length) + text(await fileBytes(path, 'tail'), 0, ZIP_TAIL)
  if (/datapackage\.json/.test(names) && /archive\/[\w.-]+\.warc/.test(names)) return { kind: 'wacz' }
  if (/datapackage\.json|archive\/[\w.-]*\.warc|pages\/pages\.jsonl/.test(names)) {
    return { kind: 'unreadable', code: 'not-a-warc', message: 'the file is a zip archive that is no WACZ: a WACZ holds datapackage.json and its WARC files in archive/' }
  }
  return { kind: 'unreadable', code: 'not-a-warc', message: 'the file is a zip archive, not a WARC, ARC, HAR or WACZ file' }
}
