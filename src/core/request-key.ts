import { sha256 } from 'multiformats/hashes/sha2'
import { toString as toHex } from 'uint8arrays/to-string'
import { surt } from './surt.ts'
import { decodeLatin1, encodeLatin1 } from './http/latin1.ts'

/**
 * URL-map keys of requests that are not a plain GET (docs/url-map.md, "Request keys"):
 *
 *   <SURT key> SP <method, lowercased> [SP <canonical body>]
 *
 *   POST http://example.com/api?b=2&a=1, body `b=2&a=1` (form)  →  `com,example)/api?a=1&b=2 post form:a=1&b=2`
 *
 * A SURT key of an http(s) URL never holds a space (the URL parser escapes it), so such a key can not
 * collide with a GET key, and it sorts right after the GET key of its URL: the captures of one URL by
 * other methods are one prefix scan (`<SURT key> post`). Canonical bodies:
 *  - `form:` application/x-www-form-urlencoded, fields decoded (`+` is a space), re-escaped with
 *    encodeURIComponent and sorted by name, then value;
 *  - `json:` a JSON body (by media type, or any body that parses as a JSON object or array), with
 *    object keys sorted at every depth and no whitespace;
 *  - `multipart:` multipart/form-data, fields as for `form:`, a file field's value `@` + the first 32
 *    hex digits of its content's sha256;
 *  - `sha256:` + hex digest of the bytes, for every other body;
 *  - nothing for an empty body.
 * A canonical form longer than MAX_CANONICAL characters is replaced by `<kind>~sha256:<hex>` of itself,
 * so keys stay small (the URL map refuses items over 64 KiB).
 */
export const MAX_CANONICAL = 2048

const decoder = new TextDecoder()

const hex = async (bytes: Uint8Array): Promise<string> => toHex(await sha256.encode(bytes), 'base16')

/** The key of a request: the SURT key for GET, the request key for any other method. */
export function requestKey (url: string, method: string, canonical: string): string {
  const m = method.toUpperCase()
  if (m === 'GET') return surt(url)
  return `${surt(url)} ${m.toLowerCase()}${canonical === '' ? '' : ` ${canonical}`}`
}

/** The prefix every request key of `url` by `method` starts with (for a scan of its captures). */
export const requestKeyPrefix = (url: string, method: string): string => `${surt(url)} ${method.toLowerCase()}`

function decodeComponent (s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return s
  }
}

const escapeField = (name: string, value: string): string => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`
const sortedFields = (fields: string[]): string => [...fields].sort().join('&')

function formFields (text: string): string[] {
  return text.split('&').filter(p => p !== '').map(p => {
    const eq = p.indexOf('=')
    return eq < 0 ? escapeField(decodeComponent(p), '') : escapeField(decodeComponent(p.slice(0, eq)), decodeComponent(p.slice(eq + 1)))
  })
}

function canonicalJson (value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

function parseJson (text: string, declared: boolean): unknown {
  const t = text.trim()
  if (!declared && !(t.startsWith('{') || t.startsWith('['))) return undefined
  try {
    return JSON.parse(t) as unknown
  } catch {
    return undefined
  }
}

function boundaryOf (contentType: string): string | undefined {
  const m = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  return m?.[1] ?? m?.[2]
}

const CRLF2 = '\r\n\r\n'

/** Fields of a multipart/form-data body read as Latin-1 (so a file's bytes survive the split), or undefined when it is not one. */
async function multipartFields (body: Uint8Array, boundary: string): Promise<string[] | undefined> {
  const text = decodeLatin1(body)
  const parts = text.split(`--${boundary}`)
  if (parts.length < 3) return undefined
  const fields: string[] = []
  for (const part of parts.slice(1, -1)) {
    const headEnd = part.indexOf(CRLF2)
    if (headEnd < 0) return undefined
    const head = part.slice(0, headEnd)
    const content = part.slice(headEnd + 4).replace(/\r\n$/, '')
    const disposition = /content-disposition:[^\r\n]*/i.exec(head)?.[0] ?? ''
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1]
    if (name == null) return undefined
    const bytes = encodeLatin1(content)
    const isFile = /\bfilename=/i.test(disposition)
    fields.push(escapeField(decoder.decode(encodeLatin1(name)), isFile ? `@${(await hex(bytes)).slice(0, 32)}` : decoder.decode(bytes)))
  }
  return fields
}

/** The canonical form of a request body (see above), given its Content-Type. */
export async function canonicalBody (contentType: string | null | undefined, body: Uint8Array): Promise<string> {
  if (body.byteLength === 0) return ''
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  let canonical: string | undefined
  if (type === 'application/x-www-form-urlencoded') canonical = `form:${sortedFields(formFields(decoder.decode(body)))}`
  else if (type === 'multipart/form-data') {
    const boundary = boundaryOf(contentType ?? '')
    const fields = boundary != null ? await multipartFields(body, boundary) : undefined
    if (fields != null) canonical = `multipart:${sortedFields(fields)}`
  }
  if (canonical == null) {
    const json = parseJson(decoder.decode(body), type === 'application/json' || type.endsWith('+json'))
    if (json !== undefined) canonical = `json:${canonicalJson(json)}`
  }
  if (canonical == null) return `sha256:${await hex(body)}`
  if (canonical.length <= MAX_CANONICAL) return canonical
  const kind = canonical.slice(0, canonical.indexOf(':'))
  return `${kind}~sha256:${await hex(new TextEncoder().encode(canonical))}`
}

/** The digest form, for bodies only ever seen as a stream (a huge request record): `sha256:<hex>`. */
export const digestCanonical = (sha256Digest: Uint8Array): string => `sha256:${toHex(sha256Digest, 'base16')}`

/**
 * The comparable fields of a canonical body: form and multipart fields, a JSON object's top-level
 * members; none for digests. Used to choose the nearest capture when no body matches exactly.
 */
export function canonicalFields (canonical: string): Array<{ name: string, value: string }> {
  const colon = canonical.indexOf(':')
  const kind = canonical.slice(0, colon)
  const rest = canonical.slice(colon + 1)
  if (kind === 'form' || kind === 'multipart') {
    return rest.split('&').filter(p => p !== '').map(p => {
      const eq = p.indexOf('=')
      return { name: decodeComponent(p.slice(0, eq)), value: decodeComponent(p.slice(eq + 1)) }
    })
  }
  if (kind === 'json') {
    const value = parseJson(rest, true)
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return Object.entries(value as Record<string, unknown>).map(([name, v]) => ({ name, value: canonicalJson(v) }))
    }
  }
  return []
}
