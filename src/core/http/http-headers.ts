import { HeaderFields } from './header-fields.ts'
import { encodeLatin1 } from './latin1.ts'

/** The header fields of an HTTP message head, values kept byte for byte (latin1 code units). */
export class HttpHeaders extends HeaderFields {
  /** The head as bytes: start line, fields, blank line, all with `\r\n`. */
  toBytes (startLine: string): Uint8Array {
    return encodeLatin1(`${startLine}\r\n${this.fieldLines()}\r\n`)
  }
}
