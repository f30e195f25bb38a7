import type { HasherFactory } from '../iparo/digests.ts'

const utf8 = new TextEncoder()
const hex = (bytes: Uint8Array): string => Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('')

/**
 * A WARC-Record-ID for a record synthesized from another format (ARC, HAR), derived from what it
 * holds: the same source gives the same ID, hence the same record bytes and the same IPARO when it is
 * ingested again. A UUID (version 8, RFC 9562: "custom") made of the SHA-256 of the parts, each
 * preceded by its length so that no two different lists of parts hash alike.
 */
export function contentRecordId (hashers: HasherFactory, parts: Array<string | Uint8Array>): string {
  const hasher = hashers('sha256')
  if (hasher == null) throw new Error('no SHA-256 hasher: a synthesized record cannot be given its ID')
  for (const part of parts) {
    const bytes = typeof part === 'string' ? utf8.encode(part) : part
    hasher.update(utf8.encode(`${bytes.byteLength}:`))
    hasher.update(bytes)
  }
  const d = hasher.digest().slice(0, 16)
  d[6] = ((d[6] ?? 0) & 0x0f) | 0x80
  d[8] = ((d[8] ?? 0) & 0x3f) | 0x80
  const h = hex(d)
  return `<urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}>`
}
