import type { HttpHead } from '../http/index.ts'

export const REDACTED = 'REDACTED'

/** Request and response header fields whose values are secrets: never stored unless the user asks. */
export const SECRET_REQUEST_FIELDS = ['cookie', 'authorization', 'proxy-authorization']
export const SECRET_RESPONSE_FIELDS = ['set-cookie']

export interface Redaction {
  bytes: Uint8Array
  /** names of the fields whose values were replaced, as written */
  redacted: string[]
}

/**
 * Replaces secret header values with a marker before anything is stored: IPAROs are public and
 * immutable. The head is re-serialised only when something changed, so untouched heads stay
 * byte-identical to the capture.
 */
export function redactHead (head: HttpHead, raw: Uint8Array, fields: readonly string[]): Redaction {
  // most heads hold none of them: no copy of their fields then
  if (!fields.some(field => head.headers.has(field))) return { bytes: raw.subarray(0, head.headLength), redacted: [] }
  const redacted: string[] = []
  const headers = head.headers.mapValues((name, value, lower) => {
    if (!fields.includes(lower)) return value
    if (!redacted.includes(name)) redacted.push(name)
    return REDACTED
  })
  return { bytes: headers.toBytes(head.startLine), redacted }
}
