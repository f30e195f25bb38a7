import { open } from 'node:fs/promises'
import { constants, gunzipSync } from 'node:zlib'

/**
 * What an input file is, from its first bytes: a WARC (plain or gzipped, the reader's to read, damage
 * and all), or something ingest cannot read, with the problem code and the message to report.
 */
export type InputFormat =
  | { kind: 'warc' }
  | { kind: 'unreadable', code: 'unsupported-format' | 'not-a-warc', message: string }

const SNIFF = 64 << 10
const text = (bytes: Uint8Array, from: number, length: number): string => Buffer.from(bytes.buffer, bytes.byteOffset + from, Math.max(0, Math.min(length, bytes.length - from))).toString('latin1')

/** Formats known by their first bytes that are not WARC (formats a later version may read say so). */
const OTHERS: Array<{ magic: string, code: 'unsupported-format' | 'not-a-warc', what: string }> = [
  { magic: 'filedesc://', code: 'unsupported-format', what: 'an ARC file (the Internet Archive\'s format before WARC): ARC ingest is not supported yet' },
  { magic: '\x89PNG\r\n\x1a\n', code: 'not-a-warc', what: 'a PNG image, not a WARC file' },
  { magic: '\xff\xd8\xff', code: 'not-a-warc', what: 'a JPEG image, not a WARC file' },
  { magic: 'GIF8', code: 'not-a-warc', what: 'a GIF image, not a WARC file' },
  { magic: '%PDF-', code: 'not-a-warc', what: 'a PDF document, not a WARC file' }
]

/**
 * Looks at the file's first 64 KiB (inflated, for gzip). A gzip whose start does not inflate is taken
 * for a damaged .warc.gz (the reader skips to its next intact member), and bytes that are no known
 * format but hold a WARC record line further on for a WARC with garbage in front (the reader reports it).
 */
export async function inputFormat (path: string): Promise<InputFormat> {
  const head = await firstBytes(path)
  if (head.length === 0) return { kind: 'unreadable', code: 'not-a-warc', message: 'the file is empty: no WARC records to read' }
  if (head[0] === 0x1f && head[1] === 0x8b) {
    let inflated: Uint8Array
    try {
      inflated = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH })
    } catch {
      return { kind: 'warc' }
    }
    const format = classify(inflated, path)
    return format.kind === 'warc' || inflated.length === 0 ? { kind: 'warc' } : { ...format, message: `${format.message} (gzipped)` }
  }
  return classify(head, path)
}

async function firstBytes (path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r')
  try {
    const bytes = new Uint8Array(SNIFF)
    const { bytesRead } = await handle.read(bytes, 0, SNIFF, 0)
    return bytes.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

function classify (bytes: Uint8Array, path: string): InputFormat {
  let i = 0
  while (i < bytes.length && (bytes[i] === 0x0d || bytes[i] === 0x0a)) i++
  const start = text(bytes, i, 16)
  if (/^WARC\/\d/.test(start)) return { kind: 'warc' }
  if (start.startsWith('PK\x03\x04') || start.startsWith('PK\x05\x06')) return zipFormat(bytes, path)
  const other = OTHERS.find(f => start.startsWith(f.magic))
  if (other != null) return { kind: 'unreadable', code: other.code, message: `the file is ${other.what}` }
  if (/\nWARC\/\d/.test(text(bytes, 0, bytes.length))) return { kind: 'warc' }
  return { kind: 'unreadable', code: 'not-a-warc', message: `not a WARC file: it starts with ${JSON.stringify(start)} where a WARC starts with "WARC/1.0" or "WARC/1.1"` }
}

/** A WACZ is a zip whose entries include datapackage.json and archive/*.warc(.gz): its local headers name them. */
function zipFormat (bytes: Uint8Array, path: string): InputFormat {
  const names = text(bytes, 0, bytes.length)
  if (/\.wacz$/i.test(path) || /datapackage\.json|archive\/[\w./-]*\.warc|pages\/pages\.jsonl/.test(names)) {
    return { kind: 'unreadable', code: 'unsupported-format', message: 'the file is a WACZ (a zip of WARC files, indexes and pages): WACZ ingest is not supported yet; unzip it and ingest the WARC files in its archive/ folder' }
  }
  return { kind: 'unreadable', code: 'not-a-warc', message: 'the file is a zip archive, not a WARC file' }
}
