import { HttpHeaders } from './http-headers.ts'
import { decodeLatin1 } from './latin1.ts'

/** What a chunked body turned out to be. */
export interface DechunkResult {
  /** Every byte read so far followed the chunked syntax (a body cut short can still be valid). */
  valid: boolean
  /** The last chunk (size 0) was seen: the body is whole. */
  complete: boolean
  /** Bytes of decoded payload produced. */
  decodedLength: number
  /** Input bytes consumed as chunked framing and data; where decoding stopped when invalid. */
  rawLength: number
  /** Trailer fields after the last chunk. */
  trailers: HttpHeaders
  /** Chunk-size lines that carried extensions (`1efe;name="value"`). */
  extensions: number
  /** Bytes after the end of the chunked body that were neither trailers nor line endings. */
  excessLength: number
  /** Why the input is not valid chunked encoding. */
  error?: string
}

type State = 'size' | 'data' | 'data-end' | 'data-end-lf' | 'trailers' | 'done' | 'invalid'

const LF = 0x0a
const CR = 0x0d
// A chunk-size line is short; anything longer is not chunked encoding.
const MAX_LINE = 4096
// 13 hex digits stay below 2^53.
const SIZE_LINE = /^([0-9A-Fa-f]{1,13})[ \t]*(;.*)?$/
const FIELD_LINE = /^([^\s:]+)[ \t]*:[ \t]*(.*?)[ \t]*$/
// Trailer text kept after the body (the ipwb fixture puts its trailer after the blank line).
const MAX_TAIL = 16 * 1024

/**
 * A push decoder for `Transfer-Encoding: chunked` (RFC 9112 §7.1), tolerant of `\n` line
 * endings. It never throws on bad input: it stops and reports. Payload pieces are zero-copy
 * views of the input.
 */
export class ChunkedDecoder {
  private state: State = 'size'
  private line = ''
  private remaining = 0
  private decoded = 0
  private raw = 0
  private extensionCount = 0
  private excess = 0
  private sawChunk = false
  private sawLast = false
  private error: string | undefined = undefined
  private readonly trailerLines: string[] = []
  private tail = ''

  /** True once the input is known not to be (or no longer be) chunked encoding. */
  get invalid (): boolean {
    return this.state === 'invalid'
  }

  /** True once the first chunk-size line has been read and was valid. */
  get started (): boolean {
    return this.sawChunk
  }

  /** Decodes what it can of `input`; returns payload pieces (possibly none). */
  push (input: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = []
    let i = 0
    while (i < input.length && this.state !== 'invalid') {
      switch (this.state) {
        case 'data': {
          const n = Math.min(this.remaining, input.length - i)
          out.push(input.subarray(i, i + n))
          this.remaining -= n
          this.decoded += n
          i += n
          this.raw += n
          if (this.remaining === 0) this.state = 'data-end'
          break
        }
        case 'data-end': {
          const b = input[i]
          if (b === CR) this.state = 'data-end-lf'
          else if (b === LF) this.state = 'size'
          else { this.fail('chunk data not followed by a line ending'); break }
          i++
          this.raw++
          break
        }
        case 'data-end-lf': {
          if (input[i] !== LF) { this.fail('chunk data not followed by a line ending'); break }
          i++
          this.raw++
          this.state = 'size'
          break
        }
        case 'size':
        case 'trailers': {
          const nl = input.indexOf(LF, i)
          const end = nl === -1 ? input.length : nl
          if (this.line.length + (end - i) > MAX_LINE) { this.fail('line too long for chunked encoding'); break }
          this.line += decodeLatin1(input.subarray(i, end))
          if (nl === -1) { i = input.length; break }
          const lineLength = this.line.length + 1
          i = nl + 1
          const line = this.line.replace(/\r+$/, '')
          this.line = ''
          if (this.state === 'size') this.sizeLine(line)
          else if (line === '') this.state = 'done'
          else this.trailerLines.push(line)
          // a bad line is not consumed: rawLength points at it
          if (!this.invalid) this.raw += lineLength
          break
        }
        case 'done': {
          const rest = input.subarray(i)
          const room = MAX_TAIL - this.tail.length
          if (room > 0) this.tail += decodeLatin1(rest.subarray(0, room))
          this.excess += Math.max(0, rest.length - Math.max(0, room))
          i = input.length
          break
        }
      }
    }
    return out
  }

  /** The verdict after the whole input has been pushed. */
  end (): DechunkResult {
    if (this.state === 'size' && !this.sawChunk) {
      this.fail(this.line === '' ? 'empty input' : 'input ends inside the first chunk-size line')
    }
    const trailers: Array<[string, string]> = []
    let excess = this.excess
    for (const line of this.trailerLines) excess += addField(trailers, line)
    if (this.state === 'done' && this.tail !== '') {
      // fields after the blank line count as trailers only when the real trailer section is empty
      const late = this.trailerLines.length === 0
      for (const raw of this.tail.split('\n')) {
        const line = raw.replace(/\r+$/, '')
        if (line === '') continue
        excess += late ? addField(trailers, line) : raw.length
      }
    }
    return {
      valid: this.state !== 'invalid',
      complete: this.sawLast,
      decodedLength: this.decoded,
      rawLength: this.raw,
      trailers: new HttpHeaders(trailers),
      extensions: this.extensionCount,
      excessLength: excess,
      ...(this.error != null ? { error: this.error } : {})
    }
  }

  private sizeLine (line: string): void {
    const m = SIZE_LINE.exec(line)
    if (m == null) {
      this.fail(this.sawChunk ? 'bad chunk-size line' : 'not a chunk-size line')
      return
    }
    this.sawChunk = true
    if (m[2] != null) this.extensionCount++
    this.remaining = Number.parseInt(m[1] ?? '0', 16)
    this.sawLast = this.remaining === 0
    this.state = this.sawLast ? 'trailers' : 'data'
  }

  private fail (reason: string): void {
    this.state = 'invalid'
    this.error = reason
  }
}

/** Adds `line` as a field if it is one; returns the bytes it wasted otherwise. */
function addField (fields: Array<[string, string]>, line: string): number {
  const m = FIELD_LINE.exec(line)
  if (m == null) return line.length
  fields.push([m[1] ?? '', m[2] ?? ''])
  return 0
}
