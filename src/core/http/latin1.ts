/**
 * Byte-exact text for HTTP heads. WHATWG's TextDecoder maps the label `latin1` to windows-1252,
 * which changes bytes 0x80–0x9F, so heads are decoded code unit = byte instead: a header value
 * holding raw UTF-8 (a Location, a filename) survives a round trip unchanged.
 */

// Small enough for String.fromCharCode.apply in every engine.
const SLICE = 8192

/**
 * windows-1252 (what TextDecoder calls latin1) is latin1 except for 0x80–0x9F, which it maps above
 * U+00FF, bar five bytes it keeps as they are: its result is exact whenever it holds no character past
 * U+00FF. Native decoding is ~10× faster than fromCharCode.apply, which also copies the bytes into an
 * argument list first (the most allocation of an ingest's hot functions).
 */
const windows1252 = new TextDecoder('latin1')
const BEYOND_LATIN1 = /[^\u0000-\u00ff]/ // eslint-disable-line no-control-regex -- the whole latin1 range, on purpose

export function decodeLatin1 (bytes: Uint8Array): string {
  const text = windows1252.decode(bytes)
  return BEYOND_LATIN1.test(text) ? exactLatin1(bytes) : text
}

function exactLatin1 (bytes: Uint8Array): string {
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
