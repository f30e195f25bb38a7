import type { HarEntry, HarHeader } from './har-entry.ts'
import { reasonPhrase } from './reason-phrases.ts'

/**
 * What a HAR does not hold and its conversion gave the HTTP messages (docs/formats.md): the names a
 * record's `WARC-IPARO-Reconstructed` field lists, and the memento's header its `reconstructed`.
 */
export type Reconstructed =
  | 'http-version' | 'status-reason' | 'pseudo-headers' | 'content-encoding' | 'transfer-coding'
  | 'content-length' | 'request-host' | 'request-body' | 'redirect-body'

const utf8 = new TextEncoder()

/** The status line's protocol: HTTP/1.0 and 1.1 as they are; HTTP/2 and 3 (which have no status line) as HTTP/1.1. */
function protocol (version: string, made: Set<Reconstructed>): string {
  const m = /^http\/1\.([01])$/i.exec(version.trim())
  if (m != null) return `HTTP/1.${m[1] ?? '1'}`
  made.add('http-version')
  return 'HTTP/1.1'
}

/** The header lines, HTTP/2 and 3 pseudo-headers (`:status`, `:path`…) left out; a value with line breaks (merged repeats) is one line per value. */
function fieldLines (headers: HarHeader[], made: Set<Reconstructed>, skip: (lower: string) => boolean): string[] {
  const lines: string[] = []
  for (const { name, value } of headers) {
    if (name.startsWith(':')) {
      made.add('pseudo-headers')
      continue
    }
    if (skip(name.toLowerCase())) continue
    for (const v of value.split(/\r?\n/)) lines.push(`${name}: ${v}`)
  }
  return lines
}

const hasBody = (status: number, method: string): boolean => !(status < 200 || status === 204 || status === 304 || method.toUpperCase() === 'HEAD')

/**
 * The HTTP response head for a HAR response whose body (decoded, as HAR bodies are) is `bodyLength`
 * bytes long. HAR keeps header names, values and order as the browser saw them, not the bytes: the
 * head is rebuilt from them, and what had to change is added to `made`. Content-Encoding and
 * Transfer-Encoding go (the body is neither compressed nor chunked any more), Content-Length says the
 * body's length (added when absent, for a status that has a body).
 */
export function harResponseHead (entry: HarEntry, bodyLength: number, made: Set<Reconstructed>): Uint8Array {
  const res = entry.response
  if (res == null) throw new Error('harResponseHead: an entry without response')
  const proto = protocol(res.httpVersion, made)
  let reason = res.statusText.trim()
  if (reason === '') {
    reason = reasonPhrase(res.status) ?? ''
    if (reason !== '') made.add('status-reason')
  }
  const lines = responseFieldLines(entry, bodyLength, made)
  return utf8.encode(`${proto} ${res.status}${reason === '' ? '' : ` ${reason}`}\r\n${lines.map(l => `${l}\r\n`).join('')}\r\n`)
}

/**
 * The response's header lines without Content-Encoding and Transfer-Encoding, and with Content-Length
 * the body's length when the status and method have a body (a HEAD's or 304's describes another body:
 * kept as it is).
 */
function responseFieldLines (entry: HarEntry, bodyLength: number, made: Set<Reconstructed>): string[] {
  const res = entry.response
  const withBody = res != null && hasBody(res.status, entry.request.method)
  const drop = (name: string): boolean => {
    if (name === 'content-encoding') made.add('content-encoding')
    else if (name === 'transfer-encoding') made.add('transfer-coding')
    else return false
    return true
  }
  const lines: string[] = []
  let lengthSeen = false
  for (const line of fieldLines(res?.headers ?? [], made, drop)) {
    const colon = line.indexOf(':')
    if (!withBody || line.slice(0, colon).trim().toLowerCase() !== 'content-length') {
      lines.push(line)
      continue
    }
    // (a repeated Content-Length is one too many for the one body there is)
    const value = line.slice(colon + 1).trim()
    if (lengthSeen || value !== String(bodyLength)) made.add('content-length')
    if (!lengthSeen) lines.push(value === String(bodyLength) ? line : `${line.slice(0, colon)}: ${bodyLength}`)
    lengthSeen = true
  }
  if (!lengthSeen && withBody) {
    lines.push(`Content-Length: ${bodyLength}`)
    made.add('content-length')
  }
  return lines
}

/** The HTTP request head: request line from the method and URL, the HAR's headers, Host added when the HAR has none (HTTP/2's `:authority`). */
export function harRequestHead (entry: HarEntry, made: Set<Reconstructed>): Uint8Array {
  const req = entry.request
  const url = new URL(req.url)
  const lines = fieldLines(req.headers, made, () => false)
  if (!req.headers.some(h => h.name.toLowerCase() === 'host')) {
    lines.unshift(`Host: ${url.host}`)
    made.add('request-host')
  }
  return utf8.encode(`${req.method} ${url.pathname}${url.search} ${protocol(req.httpVersion, made)}\r\n${lines.map(l => `${l}\r\n`).join('')}\r\n`)
}
