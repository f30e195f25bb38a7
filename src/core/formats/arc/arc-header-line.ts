/**
 * One ARC record's header line. ARC v1 (the Internet Archive's format, Heritrix's ARC writer):
 * `URL IP-address Archive-date Content-type Archive-length`; ARC v2 (Alexa):
 * `URL IP-address Archive-date Content-type Result-code Checksum Location Offset Filename Archive-length`.
 * Archive-length counts the bytes after the line's `\n`.
 */
export interface ArcHeaderLine {
  url: string
  ip: string
  /** Archive-date as written: 14 digits (YYYYMMDDhhmmss), fewer in a few old files */
  date: string
  mime: string
  length: number
  /** ARC v2's result code, when the line is a v2 line */
  status?: string
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
const DATE = /^\d{4,14}$/
const LENGTH = /^\d{1,15}$/

/** The line as text: UTF-8 when it is, else its bytes above 0x7f percent-encoded (they can only be in the URL). */
function lineText (bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes)
  } catch {
    let out = ''
    for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`
    return out
  }
}

/**
 * The fields of a header line (its `\r\n` or `\n` excluded), or undefined when it is none. `version`
 * is the file's (from its `filedesc` record): 2 reads a v2 line; else a v1 line, or a v2 line when
 * it has the 10 fields of one. A URL with spaces in it (a few crawlers wrote them raw) keeps them,
 * percent-encoded: the other fields are counted from the end of the line.
 */
export function parseArcHeaderLine (bytes: Uint8Array, version?: number): ArcHeaderLine | undefined {
  const fields = lineText(bytes).trim().split(/ +/)
  const n = fields.length
  const length = fields[n - 1] ?? ''
  if (n < 5 || !LENGTH.test(length)) return undefined
  const v2 = n >= 10 && (version === 2 || (version == null && n === 10)) && DATE.test(fields[n - 8] ?? '')
  const first = v2 ? n - 9 : n - 4
  const [ip, date, mime] = [fields[first], fields[first + 1], fields[first + 2]]
  if (ip == null || date == null || mime == null || !DATE.test(date)) return undefined
  const url = fields.slice(0, first).join('%20')
  if (url === '') return undefined
  const line: ArcHeaderLine = { url, ip, date, mime, length: Number(length) }
  if (v2) line.status = fields[n - 6]
  return line
}
