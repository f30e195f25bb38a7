import { concat } from 'uint8arrays/concat'

/** Content codings of a Content-Encoding value in the order they were applied, `identity` left out. */
export function contentCodings (value: string | undefined): string[] {
  if (value == null) return []
  return value.split(',').map(s => s.trim().toLowerCase()).filter(s => s !== '' && s !== 'identity')
}

type Format = 'gzip' | 'deflate' | 'deflate-raw' | 'brotli'

// HTTP's `deflate` is meant to be zlib-wrapped, but servers send raw deflate too: a zlib header is a
// CMF byte with method 8 whose 16-bit value with FLG is a multiple of 31.
const isZlib = (b: Uint8Array): boolean => b.length >= 2 && ((b[0] ?? 0) & 0x0f) === 8 && (((b[0] ?? 0) << 8) | (b[1] ?? 0)) % 31 === 0

function formatOf (coding: string, bytes: Uint8Array): Format | undefined {
  switch (coding) {
    case 'gzip': case 'x-gzip': return 'gzip'
    case 'deflate': return isZlib(bytes) ? 'deflate' : 'deflate-raw'
    case 'br': return 'brotli'
    default: return undefined
  }
}

function decompressor (format: Format): DecompressionStream | undefined {
  try {
    // 'brotli' exists in newer runtimes only; elsewhere the constructor throws and the body stays encoded
    return new DecompressionStream(format as CompressionFormat)
  } catch {
    return undefined
  }
}

/** Whether this runtime can undo every coding (checked without decoding anything). */
export function canDecode (codings: string[]): boolean {
  return codings.every(c => {
    const format = formatOf(c, new Uint8Array([0x78, 0x9c]))
    return format != null && decompressor(format) != null
  })
}

/** Decoded output larger than this is refused: an archived body is not allowed to be a decompression bomb. */
export const MAX_DECODED_BYTES = 512 * 1024 * 1024

async function decodeOne (bytes: Uint8Array, format: Format): Promise<Uint8Array> {
  const stream = decompressor(format)
  if (stream == null) throw new TypeError(`no ${format} decoder here`)
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream).getReader()
  const parts: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > MAX_DECODED_BYTES) {
      await reader.cancel()
      throw new RangeError(`decoded body exceeds ${MAX_DECODED_BYTES} bytes`)
    }
    parts.push(value)
  }
  return concat(parts, total)
}

/**
 * Undoes the content codings of a whole body, last applied first. Throws when a coding is unknown or the
 * bytes are not what it says (the caller then serves the body as captured, with its Content-Encoding).
 */
export async function decodeContent (bytes: Uint8Array, codings: string[]): Promise<Uint8Array> {
  let out = bytes
  for (const coding of [...codings].reverse()) {
    const format = formatOf(coding, out)
    if (format == null) throw new TypeError(`unknown content coding ${coding}`)
    out = await decodeOne(out, format)
  }
  return out
}
