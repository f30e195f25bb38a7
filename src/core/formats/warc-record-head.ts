const utf8 = new TextEncoder()

/** Where a synthesized record came from: kept in its WARC head, so the IPARO's own WARC says so. */
export const SOURCE_FORMAT_FIELD = 'WARC-IPARO-Source-Format'
/** What a synthesized record's HTTP messages had to be given that the source did not hold (docs/formats.md). */
export const RECONSTRUCTED_FIELD = 'WARC-IPARO-Reconstructed'

/** A field value on one line: a line break in a source value must not start another field. */
const oneLine = (value: string): string => value.replace(/[\r\n]+/g, ' ')

/**
 * The head of a WARC/1.1 record (version line, fields in the order given, Content-Length last, the
 * blank line), UTF-8 as WARC/1.1 says.
 */
export function warcRecordHead (fields: Array<[string, string | undefined]>, contentLength: number): Uint8Array {
  const lines = ['WARC/1.1']
  for (const [name, value] of fields) if (value != null) lines.push(`${name}: ${oneLine(value)}`)
  lines.push(`Content-Length: ${contentLength}`, '', '')
  return utf8.encode(lines.join('\r\n'))
}

/** What follows every record's content. */
export const RECORD_END = Uint8Array.of(0x0d, 0x0a, 0x0d, 0x0a)
