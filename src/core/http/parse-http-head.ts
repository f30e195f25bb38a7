import { HttpHeaders } from './http-headers.ts'
import { decodeLatin1 } from './latin1.ts'

interface HttpHeadCommon {
  /** Bytes up to and including the blank line: `bytes.subarray(headLength)` is the payload as captured. */
  headLength: number
  /** The start line as written, without its line ending. */
  startLine: string
  protocol: string
  headers: HttpHeaders
  /** Header lines that had no colon; skipped. */
  malformedLines: number
}

export interface HttpResponseHead extends HttpHeadCommon {
  kind: 'response'
  status: number
  /** Empty when the status line has none (`HTTP/1.0 302 `). */
  reason: string
}

export interface HttpRequestHead extends HttpHeadCommon {
  kind: 'request'
  method: string
  target: string
}

export type HttpHead = HttpResponseHead | HttpRequestHead

export interface ParseHttpHeadOptions {
  /**
   * The bytes are the whole message (a complete WARC record block): a head that runs to the
   * end of the bytes without a blank line counts as complete. Some archives cut the head's last
   * line ending off with the record's Content-Length (pywb missing-status-text.warc).
   */
  atEnd?: boolean
  /** Heads longer than this are not heads (default 256 KiB). */
  maxLength?: number
}

export const MAX_HTTP_HEAD = 256 * 1024

const LF = 0x0a
const CR = 0x0d

// Any protocol token (HTTPX/1.1 exists in the wild); a three-digit status; reason optional.
const STATUS_LINE = /^(\S+)[ \t]+(\d{3})(?:[ \t]+(.*?))?[ \t]*$/
// Method and target; protocol missing on HTTP/0.9-style requests. Any method token (GETX exists).
const REQUEST_LINE = /^(\S+)[ \t]+(\S+)(?:[ \t]+(\S+))?[ \t]*$/

/**
 * The head of an HTTP message as archived: status or request line, header fields, blank line.
 * Tolerates `\n` and `\r\r\n` line endings, odd protocol and method tokens, a missing reason
 * phrase and lines without a colon. Returns null when the bytes hold no complete head (not
 * HTTP, or cut before the blank line, or longer than maxLength).
 */
export function parseHttpHead (bytes: Uint8Array, kind: 'response', options?: ParseHttpHeadOptions): HttpResponseHead | null
export function parseHttpHead (bytes: Uint8Array, kind: 'request', options?: ParseHttpHeadOptions): HttpRequestHead | null
export function parseHttpHead (bytes: Uint8Array, kind: 'response' | 'request', options?: ParseHttpHeadOptions): HttpHead | null
export function parseHttpHead (bytes: Uint8Array, kind: 'response' | 'request', options: ParseHttpHeadOptions = {}): HttpHead | null {
  const maxLength = options.maxLength ?? MAX_HTTP_HEAD
  const limit = Math.min(bytes.length, maxLength)

  // Some servers send stray line endings before the status line.
  let start = 0
  while (start < limit && (bytes[start] === CR || bytes[start] === LF)) start++

  const headLength = findHeadEnd(bytes, start, limit, options.atEnd === true && bytes.length <= maxLength)
  if (headLength < 0) return null

  const lines = decodeLatin1(bytes.subarray(start, headLength)).split('\n')
  const startLine = trimLineEnd(lines[0] ?? '')
  let head: HttpHead
  if (kind === 'response') {
    const m = STATUS_LINE.exec(startLine)
    if (m == null) return null
    head = {
      kind, headLength, startLine, protocol: m[1] ?? '', status: Number(m[2]), reason: m[3] ?? '',
      headers: new HttpHeaders(), malformedLines: 0
    }
  } else {
    const m = REQUEST_LINE.exec(startLine)
    if (m == null) return null
    head = {
      kind, headLength, startLine, method: m[1] ?? '', target: m[2] ?? '', protocol: m[3] ?? '',
      headers: new HttpHeaders(), malformedLines: 0
    }
  }

  const pairs: Array<[string, string]> = []
  const lower: string[] = []
  for (let i = 1; i < lines.length; i++) {
    const line = trimLineEnd(lines[i] ?? '')
    if (line === '') break
    const first = line.charCodeAt(0)
    if (first === 0x20 || first === 0x09) {
      // obsolete line folding: the continuation joins the previous value with one space
      const last = pairs[pairs.length - 1]
      if (last != null) last[1] = last[1] === '' ? line.trim() : `${last[1]} ${line.trim()}`
      else head.malformedLines++
      continue
    }
    const colon = line.indexOf(':')
    const name = colon > 0 ? line.slice(0, colon).trim() : ''
    if (name === '') {
      head.malformedLines++
      continue
    }
    pairs.push([name, line.slice(colon + 1).trim()])
    lower.push(name.toLowerCase())
  }
  head.headers = new HttpHeaders(pairs, lower)
  return head
}

/** Index just past the blank line that ends the head, or -1. */
function findHeadEnd (bytes: Uint8Array, start: number, limit: number, atEnd: boolean): number {
  let lineStart = start
  while (lineStart < limit) {
    const nl = bytes.indexOf(LF, lineStart)
    if (nl === -1 || nl >= limit) break
    // the line ending (and a blank line) may be `\n`, `\r\n` or `\r\r\n`
    const next = nl + 1
    let j = next
    while (j < limit && bytes[j] === CR) j++
    if (j < limit && bytes[j] === LF) return j + 1
    lineStart = next
  }
  // a head cut off by the end of the whole message: everything is head
  if (atEnd && limit === bytes.length && limit > start) return bytes.length
  return -1
}

function trimLineEnd (line: string): string {
  let end = line.length
  while (end > 0) {
    const c = line.charCodeAt(end - 1)
    if (c !== 0x0d && c !== 0x20 && c !== 0x09) break
    end--
  }
  return end === line.length ? line : line.slice(0, end)
}
