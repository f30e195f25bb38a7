import { InvalidInputError } from '../../core/errors.ts'

/** One part of a multipart/form-data body, as Kubo's RPC clients send files. */
export interface PartHeaders {
  /** the form field (`file`, `file-1`, …) */
  name?: string
  filename?: string
  contentType?: string
}

/** The events of a body read front to back: a part starts, then its bytes follow in pieces. */
export type MultipartEvent = { kind: 'part', part: PartHeaders } | { kind: 'data', bytes: Uint8Array }

/** A part's header block longer than this is not a client of ours. */
const MAX_HEADER_BYTES = 16 * 1024
const CRLF = Buffer.from('\r\n')
const HEADER_END = Buffer.from('\r\n\r\n')

/** The boundary named by a `multipart/form-data; boundary=…` Content-Type. */
export function multipartBoundary (contentType: string | null): string {
  const [type = '', ...params] = (contentType ?? '').split(';')
  if (type.trim().toLowerCase() !== 'multipart/form-data') throw new InvalidInputError('the body must be multipart/form-data, as Kubo\'s RPC expects files')
  for (const param of params) {
    const m = /^\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^\s";]{1,70}))\s*$/i.exec(param)
    const boundary = m?.[1] ?? m?.[2]
    if (boundary != null) return boundary
  }
  throw new InvalidInputError('the multipart body names no boundary')
}

/**
 * Reads a multipart/form-data body as it arrives, holding at most one chunk plus a boundary's length:
 * a CAR of hundreds of MB flows through without being kept. The body must end with its closing
 * boundary; a body cut short is refused (InvalidInputError), never taken for a complete part.
 */
export async function * multipartEvents (body: AsyncIterable<Uint8Array>, boundary: string): AsyncGenerator<MultipartEvent> {
  // Every delimiter, the first included, is read as CRLF "--" boundary: a CRLF put in front makes the first one alike.
  const delimiter = Buffer.from(`\r\n--${boundary}`)
  let buffer: Buffer = Buffer.from(CRLF)
  let state: 'preamble' | 'after-delimiter' | 'headers' | 'body' = 'preamble'
  const input = body[Symbol.asyncIterator]()
  let ended = false
  const more = async (): Promise<boolean> => {
    if (ended) return false
    const next = await input.next()
    if (next.done === true) { ended = true; return false }
    buffer = buffer.length === 0 ? Buffer.from(next.value) : Buffer.concat([buffer, next.value])
    return true
  }
  for (;;) {
    if (state === 'preamble' || state === 'body') {
      const at = buffer.indexOf(delimiter)
      // what cannot be the start of a delimiter is content (or preamble, dropped)
      const safe = at >= 0 ? at : Math.max(buffer.length - delimiter.length + 1, 0)
      if (state === 'body' && safe > 0) yield { kind: 'data', bytes: new Uint8Array(buffer.subarray(0, safe)) }
      buffer = buffer.subarray(at >= 0 ? at + delimiter.length : safe)
      if (at >= 0) state = 'after-delimiter'
      else if (!await more()) throw new InvalidInputError('the multipart body ends before its closing boundary')
      continue
    }
    if (state === 'after-delimiter') {
      if (buffer.length < 2 && !await more()) throw new InvalidInputError('the multipart body ends before its closing boundary')
      if (buffer.length < 2) continue
      // the closing delimiter: "--" after the boundary
      if (buffer[0] === 0x2d && buffer[1] === 0x2d) break
      // transport padding (spaces, tabs) may sit between a delimiter and its CRLF
      const eol = buffer.indexOf(CRLF)
      if (eol < 0) {
        if (buffer.length > 256 || !await more()) throw new InvalidInputError('the multipart body has a malformed boundary line')
        continue
      }
      if (!/^[ \t]*$/.test(buffer.subarray(0, eol).toString('latin1'))) throw new InvalidInputError('the multipart body has a malformed boundary line')
      buffer = buffer.subarray(eol + 2)
      state = 'headers'
      continue
    }
    // headers: an empty header block is allowed, so the part may start right at a CRLF
    const end = buffer.subarray(0, 2).equals(CRLF) ? 0 : buffer.indexOf(HEADER_END)
    if (end < 0) {
      if (buffer.length > MAX_HEADER_BYTES || !await more()) throw new InvalidInputError('the multipart body has a malformed part header')
      continue
    }
    yield { kind: 'part', part: parsePartHeaders(buffer.subarray(0, end).toString('utf8')) }
    buffer = buffer.subarray(end === 0 ? 2 : end + 4)
    state = 'body'
  }
  // the epilogue after the closing boundary is ignored; the rest of the body is drained so the client sees its upload finish
  while (await more()) buffer = Buffer.alloc(0)
}

function parsePartHeaders (text: string): PartHeaders {
  const part: PartHeaders = {}
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const field = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    if (field === 'content-type') part.contentType = value
    if (field !== 'content-disposition') continue
    const name = /(?:^|;)\s*name="([^"]*)"/i.exec(value)?.[1]
    const filename = /(?:^|;)\s*filename="([^"]*)"/i.exec(value)?.[1]
    if (name != null) part.name = name
    if (filename != null) part.filename = safeDecode(filename)
  }
  return part
}

function safeDecode (text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

