/**
 * Random access to the bytes of a file wherever it lives (a file on disk, a browser `File`, bytes in
 * memory): a WACZ of several GB is read through its zip central directory, member by member, never
 * loaded whole.
 */
export interface ByteSource {
  readonly size: number
  /** Up to `length` bytes from `offset` (fewer only at the end). */
  read: (offset: number, length: number) => Promise<Uint8Array>
}

/** Bytes in memory as a byte source (tests, small uploads). */
export function memorySource (bytes: Uint8Array): ByteSource {
  return {
    size: bytes.byteLength,
    read: async (offset, length) => bytes.subarray(offset, Math.min(offset + length, bytes.byteLength))
  }
}
