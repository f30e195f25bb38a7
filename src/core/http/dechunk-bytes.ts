import { ChunkedDecoder } from './chunked-decoder.ts'
import type { DechunkResult } from './chunked-decoder.ts'

/** Decodes a whole chunked body held in memory; `body` holds what was decoded up to any error. */
export function dechunkBytes (bytes: Uint8Array): { body: Uint8Array; result: DechunkResult } {
  const decoder = new ChunkedDecoder()
  const pieces = decoder.push(bytes)
  const result = decoder.end()
  if (pieces.length === 1 && pieces[0] != null) return { body: pieces[0], result }
  const body = new Uint8Array(result.decodedLength)
  let at = 0
  for (const p of pieces) { body.set(p, at); at += p.length }
  return { body, result }
}

/**
 * True when `bytes` is a whole, well-formed chunked body: chunk-size lines and data through the
 * last chunk. Extensions, trailers and line endings after the end are allowed.
 */
export function isValidChunked (bytes: Uint8Array): boolean {
  const decoder = new ChunkedDecoder()
  decoder.push(bytes)
  const r = decoder.end()
  return r.valid && r.complete
}
