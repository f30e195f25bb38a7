/**
 * Byte-exact text for HTTP heads. WHATWG's TextDecoder maps the label `latin1` to windows-1252,
 * which changes bytes 0x80–0x9F, so heads are decoded code unit = byte instead: a header value
 * holding raw UTF-8 (a Location, a filename) survives a round trip unchanged.
 */

// Small enough for String.fromCharCode.apply in every engine.
const SLICE = 8192

export function decodeLatin1 (bytes: Uint8Array): string {
  if (bytes.length <= SLICE) return String.fromCharCode.apply(null, bytes as unknown as number[])
  let out = ''
  for (let i = 0; i < bytes.length; i += SLICE) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + SLICE) as unknown as number[])
  }
  return out
}

const utf8 = new TextEncoder()

/**
 * The inverse of decodeLatin1. A string with characters above U+00FF cannot have come from
 * decodeLatin1 (someone set it), so it is written as UTF-8, the only sensible reading.
 */
export function encodeLatin1 (text: string): Uint8Array {
  const out = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c > 0xff) return utf8.encode(text)
    out[i] = c
  }
  return out
}
