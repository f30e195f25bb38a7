import { crc32 } from 'node:zlib'

/**
 * The byte layout of pack files (docs/storage.md; the key index is key-entry.ts, key-run.ts). All
 * integers little-endian.
 *
 * pack  = PACK_MAGIC, then records:
 *   u32 crc32 of every byte after this field | u32 data length | u8 kind | u8 CID length | f64 write time (ms)
 *   | CID bytes | data
 *
 * A record is only believed when it is complete and its checksum holds, so a torn or zero-filled tail
 * (a crash mid-append) reads as "the pack ends here" and never as a block.
 */
export const PACK_MAGIC = Uint8Array.from([0x49, 0x50, 0x41, 0x52, 0x4f, 0x50, 0x4b, 0x01]) // "IPAROPK\x01"
export const RECORD_HEAD = 18

export const KIND_BLOCK = 1
/** a delete: the key's earlier records no longer count */
export const KIND_TOMBSTONE = 2

/** What a record says, without its data. */
export interface RecordMeta {
  kind: number
  cid: Uint8Array
  time: number
  /** where the record starts in its pack */
  offset: number
  /** data bytes (0 for a tombstone) */
  length: number
}

export const recordSize = (cidLength: number, dataLength: number): number => RECORD_HEAD + cidLength + dataLength

/**
 * Frames a record into `target` at `at` (which must have room for recordSize bytes) and returns its
 * size. The data is copied: a block put as a view into a large buffer (an inflated chunk) must not keep
 * that buffer alive until its write lands.
 */
export function writeRecord (target: Buffer, at: number, kind: number, cid: Uint8Array, time: number, data: Uint8Array): number {
  const size = recordSize(cid.byteLength, data.byteLength)
  target.writeUInt32LE(data.byteLength, at + 4)
  target[at + 8] = kind
  target[at + 9] = cid.byteLength
  target.writeDoubleLE(time, at + 10)
  target.set(cid, at + RECORD_HEAD)
  target.set(data, at + RECORD_HEAD + cid.byteLength)
  target.writeUInt32LE(crc32(target.subarray(at + 4, at + size)), at)
  return size
}

export type ParsedRecord = RecordMeta & { dataOffset: number }

/**
 * The complete, intact records in `bytes` (which start at pack offset `base`), in order, up to the
 * first one that is cut short or fails its checksum. `end` is the pack offset where believing stopped.
 */
export function parseRecords (bytes: Uint8Array, base: number): { records: ParsedRecord[], end: number, stoppedAt?: 'short' | 'bad' } {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const records: ParsedRecord[] = []
  let at = 0
  for (;;) {
    if (view.byteLength - at < RECORD_HEAD) return { records, end: base + at, ...(view.byteLength > at ? { stoppedAt: 'short' as const } : {}) }
    const length = view.readUInt32LE(at + 4)
    const kind = view[at + 8] ?? 0
    const cidLength = view[at + 9] ?? 0
    const size = recordSize(cidLength, length)
    if ((kind !== KIND_BLOCK && kind !== KIND_TOMBSTONE) || cidLength === 0 || (kind === KIND_TOMBSTONE && length !== 0)) {
      return { records, end: base + at, stoppedAt: 'bad' }
    }
    if (view.byteLength - at < size) return { records, end: base + at, stoppedAt: 'short' }
    if (crc32(view.subarray(at + 4, at + size)) !== view.readUInt32LE(at)) return { records, end: base + at, stoppedAt: 'bad' }
    records.push({
      kind,
      cid: view.subarray(at + RECORD_HEAD, at + RECORD_HEAD + cidLength),
      time: view.readDoubleLE(at + 10),
      offset: base + at,
      length,
      dataOffset: base + at + RECORD_HEAD + cidLength
    })
    at += size
  }
}

export function startsWith (bytes: Uint8Array, magic: Uint8Array): boolean {
  if (bytes.byteLength < magic.byteLength) return false
  for (let i = 0; i < magic.byteLength; i++) if (bytes[i] !== magic[i]) return false
  return true
}
