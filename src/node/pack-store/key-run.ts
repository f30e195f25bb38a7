import { randomBytes } from 'node:crypto'
import { readSync } from 'node:fs'
import { open, rename, unlink, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { ENTRY_BYTES, FP_BYTES, fpWord, readEntry, writeEntry, type KeyEntry, type Position } from './key-entry.ts'
import { PackStoreError } from './pack-errors.ts'

/**
 * A run file (`packs/*.krun`): the key entries of the records in one range of pack positions, sorted
 * by fingerprint, behind a fanout table, like git's pack .idx. Written once under a temporary name,
 * flushed, renamed; never changed. Layout (little-endian):
 *
 *   header (64 B): magic | u32 crc32 of header bytes 12..63 | u8 fanout bits | f64 entry count
 *                  | u32 first pack, f64 offset | u32 end pack, f64 offset  (the range covered)
 *   fanout: 2^bits + 1 u32, entry i of bucket b (the fingerprint's top bits) is at fanout[b] <= i < fanout[b+1]
 *   entries: count × 56 B (key-entry.ts)
 */
const RUN_MAGIC = Buffer.from('IPAROKR\x01', 'latin1')
const HEADER_BYTES = 64
/**
 * ~16 entries a bucket up to 2^16 buckets, whose table (256 KiB) stays in memory: a lookup is one read.
 * Larger runs have larger buckets, searched in a window (WINDOW_ENTRIES at least) around where the
 * fingerprint falls, since sha2-256 digests are uniform.
 */
const MAX_FANOUT_BITS = 16
const CACHED_FANOUT_BITS = 16
const WINDOW_ENTRIES = 128
const CHUNK_ENTRIES = 16_384

export const RUN_SUFFIX = '.krun'

export class KeyRun {
  /** lookups and iterations in progress: a replaced run is closed once none is left */
  private users = 0
  private retired = false
  private readonly fanout?: Buffer

  private constructor (readonly path: string, private readonly handle: FileHandle, readonly count: number, readonly bits: number, readonly from: Position, readonly to: Position, fanout?: Buffer) {
    this.fanout = fanout
  }

  get name (): string {
    return this.path.slice(this.path.lastIndexOf('/') + 1)
  }

  /** Opens a run, checking its header and size; undefined when it is damaged or cut short (it is a cache). */
  static async open (path: string): Promise<KeyRun | undefined> {
    const handle = await open(path, 'r')
    try {
      const header = Buffer.alloc(HEADER_BYTES)
      const { bytesRead } = await handle.read(header, 0, HEADER_BYTES, 0)
      if (bytesRead < HEADER_BYTES || !header.subarray(0, 8).equals(RUN_MAGIC) || crc32(header.subarray(12)) !== header.readUInt32LE(8)) throw new Error('bad header')
      const bits = header[12] ?? 0
      const count = header.readDoubleLE(16)
      const fanoutBytes = ((2 ** bits) + 1) * 4
      if ((await handle.stat()).size !== HEADER_BYTES + fanoutBytes + count * ENTRY_BYTES) throw new Error('bad size')
      let fanout: Buffer | undefined
      if (bits <= CACHED_FANOUT_BITS) {
        fanout = Buffer.alloc(fanoutBytes)
        await handle.read(fanout, 0, fanoutBytes, HEADER_BYTES)
      }
      const from = { pack: header.readUInt32LE(24), offset: header.readDoubleLE(32) }
      const to = { pack: header.readUInt32LE(40), offset: header.readDoubleLE(48) }
      return new KeyRun(path, handle, count, bits, from, to, fanout)
    } catch {
      await handle.close()
      return undefined
    }
  }

  private get entriesAt (): number {
    return HEADER_BYTES + ((2 ** this.bits) + 1) * 4
  }

  /** Entries [start, end) of bucket `b` through `last`. */
  bucketRange (first: number, last: number): { start: number, end: number } {
    if (this.fanout != null) return { start: this.fanout.readUInt32LE(first * 4), end: this.fanout.readUInt32LE((last + 1) * 4) }
    if (first === last) {
      // one bucket's bounds are adjacent: one read
      const pair = Buffer.allocUnsafe(8)
      this.readFully(pair, HEADER_BYTES + first * 4)
      return { start: pair.readUInt32LE(0), end: pair.readUInt32LE(4) }
    }
    const a = Buffer.allocUnsafe(4)
    const b = Buffer.allocUnsafe(4)
    this.readFully(a, HEADER_BYTES + first * 4)
    this.readFully(b, HEADER_BYTES + (last + 1) * 4)
    return { start: a.readUInt32LE(0), end: b.readUInt32LE(0) }
  }

  bucketOf (word: number): number {
    return this.bits === 0 ? 0 : word >>> (32 - this.bits)
  }

  /**
   * The entries whose fingerprint equals `fp`, in file order: one read of at most ~7 KB (a small bucket
   * whole, or the window of a large one where its uniform fingerprints put `fp`), a second only when the
   * window misses. Synchronous: the read is small and usually from the page cache, where a thread-pool
   * round trip costs 6× the read.
   */
  lookup (fp: Buffer): KeyEntry[] {
    const word = fpWord(fp)
    const bucket = this.bucketOf(word)
    const { start, end } = this.bucketRange(bucket, bucket)
    if (end <= start) return []
    const n = end - start
    let from = start
    let to = end
    const half = Math.max(WINDOW_ENTRIES / 2, Math.ceil(4 * Math.sqrt(n)))
    if (n > 2 * half) {
      const span = 2 ** (32 - this.bits)
      const guess = start + Math.floor((word - bucket * span) / span * n)
      from = Math.max(start, Math.min(guess - half, end - 2 * half))
      to = from + 2 * half
    }
    let bytes = this.readEntries(from, to)
    // the window holds every entry of `fp` only when it starts below `fp` and ends above it (compare: the
    // sign of entry − fp)
    if ((from > start && bytes.compare(fp, 0, FP_BYTES, 0, FP_BYTES) >= 0) || (to < end && bytes.compare(fp, 0, FP_BYTES, bytes.byteLength - ENTRY_BYTES, bytes.byteLength - ENTRY_BYTES + FP_BYTES) <= 0)) {
      bytes = this.readEntries(start, end)
    }
    const out: KeyEntry[] = []
    for (let at = 0; at < bytes.byteLength; at += ENTRY_BYTES) {
      const c = bytes.compare(fp, 0, FP_BYTES, at, at + FP_BYTES)
      if (c === 0) out.push(readEntry(bytes, at))
      else if (c > 0) break
    }
    return out
  }

  private readEntries (from: number, to: number): Buffer {
    const bytes = Buffer.allocUnsafe((to - from) * ENTRY_BYTES)
    this.readFully(bytes, this.entriesAt + from * ENTRY_BYTES)
    return bytes
  }

  /** Entries [start, end) in order, read in chunks (bounded memory at any run size). */
  async * entries (start = 0, end = this.count): AsyncGenerator<KeyEntry> {
    for (let i = start; i < end; i += CHUNK_ENTRIES) {
      const n = Math.min(CHUNK_ENTRIES, end - i)
      const bytes = Buffer.allocUnsafe(n * ENTRY_BYTES)
      const { bytesRead } = await this.handle.read(bytes, 0, bytes.byteLength, this.entriesAt + i * ENTRY_BYTES)
      if (bytesRead !== bytes.byteLength) throw new PackStoreError(`${this.path}: cut short while being read`)
      for (let at = 0; at < bytes.byteLength; at += ENTRY_BYTES) yield readEntry(bytes, at)
    }
  }

  private readFully (target: Buffer, position: number): void {
    let got = 0
    while (got < target.byteLength) {
      const n = readSync(this.handle.fd, target, got, target.byteLength - got, position + got)
      if (n === 0) throw new PackStoreError(`${this.path}: cut short at ${position + got}`)
      got += n
    }
  }

  acquire (): void { this.users++ }

  async release (): Promise<void> {
    this.users--
    if (this.retired && this.users === 0) await this.handle.close().catch(() => undefined)
  }

  /** No longer part of the index: closed once its last reader is done (a removed file stays readable until then). */
  async retire (): Promise<void> {
    if (this.retired) return
    this.retired = true
    if (this.users === 0) await this.handle.close().catch(() => undefined)
  }
}

/**
 * Writes sorted entries (at most `maxCount`) as a run covering [from, to), flushed and renamed into
 * place, and opens it. Memory: one output chunk and the fanout table (at most 16 MiB).
 */
export async function writeRun (dir: string, entries: AsyncIterable<KeyEntry> | Iterable<KeyEntry>, maxCount: number, from: Position, to: Position, signal?: { aborted: boolean }): Promise<KeyRun> {
  const bits = Math.max(0, Math.min(MAX_FANOUT_BITS, Math.ceil(Math.log2(Math.max(1, maxCount / 16)))))
  const buckets = new Uint32Array((2 ** bits) + 1)
  const name = `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`
  const temp = join(dir, `${name}.tmp`)
  const path = join(dir, name + RUN_SUFFIX)
  const handle = await open(temp, 'wx')
  let count = 0
  try {
    const entriesAt = HEADER_BYTES + buckets.byteLength
    const chunk = Buffer.allocUnsafe(CHUNK_ENTRIES * ENTRY_BYTES)
    let used = 0
    let written = entriesAt
    const flush = async (): Promise<void> => {
      await writeAll(handle, chunk.subarray(0, used), written)
      written += used
      used = 0
    }
    for await (const e of entries) {
      if (signal?.aborted === true) throw new PackStoreError('run write aborted')
      const b = (bits === 0 ? 0 : fpWord(e.fp) >>> (32 - bits)) + 1
      buckets[b] = (buckets[b] ?? 0) + 1
      writeEntry(chunk, used, e)
      used += ENTRY_BYTES
      count++
      if (used === chunk.byteLength) await flush()
    }
    await flush()
    for (let b = 1; b < buckets.length; b++) buckets[b] = (buckets[b] ?? 0) + (buckets[b - 1] ?? 0)
    const header = Buffer.alloc(HEADER_BYTES)
    RUN_MAGIC.copy(header, 0)
    header[12] = bits
    header.writeDoubleLE(count, 16)
    header.writeUInt32LE(from.pack, 24)
    header.writeDoubleLE(from.offset, 32)
    header.writeUInt32LE(to.pack, 40)
    header.writeDoubleLE(to.offset, 48)
    header.writeUInt32LE(crc32(header.subarray(12)), 8)
    await writeAll(handle, Buffer.from(buckets.buffer, buckets.byteOffset, buckets.byteLength), HEADER_BYTES)
    await writeAll(handle, header, 0)
    await handle.datasync()
  } catch (err) {
    await handle.close()
    await unlink(temp).catch(() => undefined)
    throw err
  }
  await handle.close()
  await rename(temp, path)
  const run = await KeyRun.open(path)
  if (run == null) throw new PackStoreError(`${path}: written but unreadable`)
  return run
}

async function writeAll (handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let at = 0
  while (at < bytes.byteLength) {
    const { bytesWritten } = await handle.write(bytes, at, bytes.byteLength - at, position + at)
    at += bytesWritten
  }
}
