import { HeaderFields } from '../http/header-fields.ts'

const utf8 = new TextEncoder()

/**
 * A WARC record's named fields, in the order written. Immutable: `with(name, value)` and
 * `without(name)` return copies (an ingest derives rewritten headers, e.g. a new Content-Length
 * and digests, from the parsed ones without touching them).
 */
export class WarcHeaders extends HeaderFields {
  /** The header block as bytes (UTF-8, `\r\n` line endings, ending with the blank line). */
  toBytes (version: string = 'WARC/1.1'): Uint8Array {
    return utf8.encode(`${version}\r\n${this.fieldLines()}\r\n`)
  }
}
