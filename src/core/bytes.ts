import { concat } from 'uint8arrays/concat'

/** Where `needle` first occurs in `bytes` at or after `from`, or -1 (a native scan for its first byte). */
export function indexOfBytes (bytes: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0]
  if (first == null) return from <= bytes.length ? from : -1
  for (let i = bytes.indexOf(first, from); i !== -1 && i + needle.length <= bytes.length; i = bytes.indexOf(first, i + 1)) {
    let j = 1
    while (j < needle.length && bytes[i + j] === needle[j]) j++
    if (j === needle.length) return i
  }
  return -1
}

/** The chunks of a stream in one buffer; a single chunk is returned as it is, without a copy. */
export async function collectBytes (chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  for await (const chunk of chunks) parts.push(chunk)
  return parts.length === 1 && parts[0] != null ? parts[0] : concat(parts)
}
