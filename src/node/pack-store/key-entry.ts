/**
 * One key index entry (docs/storage.md, "The key index"): fixed size, so a run file is an array of them
 * sorted by fingerprint. All integers little-endian.
 *
 *   32 B fingerprint | u8 flags | u8 CID length | u48 record offset | u32 pack id | u32 data length | f64 time
 *
 * The fingerprint of a sha2-256 key is its digest, so the entry holds the whole key (FULL): no pack read
 * is needed to tell two such keys apart, and a digest-prefix query is a range of the sorted order. Any
 * other key's fingerprint is its digest cut or zero-padded to 32 bytes, which two keys may share: such
 * entries are confirmed by reading the CID of the record they point at.
 */
export const ENTRY_BYTES = 56
export const FP_BYTES = 32

/** the fingerprint is the whole sha2-256 digest */
export const FLAG_FULL = 1
/** a delete: older entries of the key no longer count */
export const FLAG_TOMBSTONE = 2
/** a record that no longer counts (superseded or deleted): kept so compaction knows its pack holds garbage */
export const FLAG_DEAD = 4

export interface Position { pack: number, offset: number }
export const ORIGIN: Position = { pack: 0, offset: 0 }

export function comparePositions (a: Position, b: Position): number {
  return a.pack !== b.pack ? a.pack - b.pack : a.offset - b.offset
}

export interface KeyEntry {
  fp: Buffer
  flags: number
  cidLength: number
  /** where the record starts in its pack */
  offset: number
  pack: number
  /** data bytes */
  length: number
  time: number
}

const SHA2_256 = 0x12

/** The fingerprint of a store key (core/blocks.ts multihashKey: one char code a byte), as latin1 text. */
export function fingerprintText (key: string): { fp: string, full: boolean } {
  if (key.length === 2 + FP_BYTES && key.charCodeAt(0) === SHA2_256 && key.charCodeAt(1) === FP_BYTES) return { fp: key.slice(2), full: true }
  // the digest follows the varint code and length
  let at = 0
  for (let n = 0; n < 2 && at < key.length; n++) {
    while (at < key.length && (key.charCodeAt(at) & 0x80) !== 0) at++
    at++
  }
  const digest = key.slice(at, at + FP_BYTES)
  return { fp: digest.padEnd(FP_BYTES, '\0'), full: false }
}

export function fingerprint (key: string): { fp: Buffer, full: boolean } {
  const { fp, full } = fingerprintText(key)
  return { fp: Buffer.from(fp, 'latin1'), full }
}

/** A FULL entry's key (sha2-256 multihash), without reading its record. */
export function keyOfFullEntry (e: KeyEntry): string {
  return '\x12\x20' + e.fp.toString('latin1')
}

export function writeEntry (target: Buffer, at: number, e: KeyEntry): void {
  e.fp.copy(target, at, 0, FP_BYTES)
  target[at + 32] = e.flags
  target[at + 33] = e.cidLength
  target.writeUIntLE(e.offset, at + 34, 6)
  target.writeUInt32LE(e.pack, at + 40)
  target.writeUInt32LE(e.length, at + 44)
  target.writeDoubleLE(e.time, at + 48)
}

export function readEntry (source: Buffer, at: number): KeyEntry {
  return {
    fp: source.subarray(at, at + FP_BYTES),
    flags: source[at + 32] ?? 0,
    cidLength: source[at + 33] ?? 0,
    offset: source.readUIntLE(at + 34, 6),
    pack: source.readUInt32LE(at + 40),
    length: source.readUInt32LE(at + 44),
    time: source.readDoubleLE(at + 48)
  }
}

/** Sort order: fingerprint, then FULL entries after the others of that fingerprint. */
export function compareEntries (a: KeyEntry, b: KeyEntry): number {
  return a.fp.compare(b.fp) || (a.flags & FLAG_FULL) - (b.flags & FLAG_FULL)
}

/** The first 4 bytes of a fingerprint as an unsigned integer (fanout buckets and prefix ranges). */
export const fpWord = (fp: Buffer, at = 0): number => fp.readUInt32BE(at)

export const isLive = (e: KeyEntry): boolean => (e.flags & (FLAG_TOMBSTONE | FLAG_DEAD)) === 0

/** A namespace prefix (at most 32 bits) as the range of fingerprint words [lo, hi] it covers. */
export function prefixRange (prefix: { bytes: Uint8Array, bits: number }): { lo: number, hi: number } {
  if (!Number.isSafeInteger(prefix.bits) || prefix.bits < 0 || prefix.bits > 32) throw new RangeError(`a namespace prefix has 0 to 32 bits, not ${prefix.bits}`)
  const b = prefix.bytes
  const word = (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0
  const span = 2 ** (32 - prefix.bits)
  const lo = Math.floor(word / span) * span
  return { lo, hi: lo + span - 1 }
}
