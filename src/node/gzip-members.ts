import type { FileHandle } from 'node:fs/promises'
import { constants, crc32, createInflateRaw, inflateRawSync, type InflateRaw } from 'node:zlib'

/**
 * Reading a .warc.gz one gzip member at a time, each checked whole (header, deflate data, CRC-32 and
 * length), for the slow path that takes over where the native multi-member inflate failed
 * (warc-file-source.ts): unlike it, this knows where each member starts and ends in the file.
 */

const WINDOW = 1 << 20
/** compressed bytes per inflate step */
const PIECE = 256 << 10
/** a member inflated in one synchronous call when its deflate data ends within this much of the window */
const WHOLE_INPUT = 256 << 10
/** … and inflates to at most this much (larger ones stream) */
const WHOLE_OUTPUT = 16 << 20
/** a gzip header longer than this (its file name, comment or extra field) is taken for damage */
const MAX_HEADER = 64 << 10
const FHCRC = 0x02
const FEXTRA = 0x04
const FNAME = 0x08
const FCOMMENT = 0x10
const MAGIC = Uint8Array.of(0x1f, 0x8b, 0x08)

/**
 * Positional reads through a 1 MiB read-ahead window (members of per-record gzip are a few KiB).
 * Every refill is a new buffer: zlib still reads a view of the previous one on its own thread.
 */
export class FileWindow {
  private start = 0
  private bytes = new Uint8Array(0)

  constructor (private readonly handle: FileHandle, readonly size: number) {}

  /**
   * Up to `max` bytes from `at`, as a view: what the window holds from there, read anew only when that
   * is fewer than `min` bytes (fewer than `min` only at the end of the file).
   */
  async view (at: number, max: number, min = max): Promise<Uint8Array> {
    const want = Math.min(max, this.size - at)
    if (want <= 0) return new Uint8Array(0)
    const from = at - this.start
    if (from < 0 || from + Math.min(min, want) > this.bytes.length) {
      const length = Math.min(Math.max(WINDOW, want), this.size - at)
      const buffer = new Uint8Array(length)
      const { bytesRead } = await this.handle.read(buffer, 0, length, at)
      this.start = at
      this.bytes = buffer.subarray(0, bytesRead)
      return this.bytes.subarray(0, Math.min(want, bytesRead))
    }
    return this.bytes.subarray(from, Math.min(from + want, this.bytes.length))
  }
}

/**
 * How a member ended: whole and checked, or damaged. `cut`: the file ends inside its deflate data or
 * trailer; all it inflated to is what the bytes hold (deflate cannot mislead before it is cut), only
 * unchecked, unlike the output of corrupt deflate data, which may be wrong well before zlib notices.
 * `end`: its deflate data ended where it should, but its trailer disagrees (CRC-32 or length): the
 * member ends there, and the damage may lie anywhere in what it inflated to.
 */
export type MemberEnd = { ok: true, end: number } | { ok: false, reason: string, cut?: boolean, end?: number }

/** The file offset where the member at `at` has its deflate data, or why it is no gzip header. */
async function readHeader (file: FileWindow, at: number): Promise<number | string> {
  const h = await file.view(at, MAX_HEADER)
  if (h.length < 10) return h.length === 0 ? 'the file ends where a member should start' : 'the file ends inside a gzip header'
  if (h[0] !== MAGIC[0] || h[1] !== MAGIC[1] || h[2] !== MAGIC[2]) return 'no gzip member header here'
  const flags = h[3] ?? 0
  if ((flags & 0xe0) !== 0) return 'reserved gzip header flags set'
  let i = 10
  if ((flags & FEXTRA) !== 0) i += 2 + (h[i] ?? 0) + ((h[i + 1] ?? 0) << 8)
  for (const flag of [FNAME, FCOMMENT]) {
    if ((flags & flag) === 0) continue
    const zero = h.indexOf(0, i)
    i = zero === -1 ? Infinity : zero + 1
  }
  if ((flags & FHCRC) !== 0) i += 2
  return i <= h.length && i < MAX_HEADER ? at + i : 'gzip header too long or cut'
}

const u32 = (b: Uint8Array, i: number): number => ((b[i] ?? 0) | (b[i + 1] ?? 0) << 8 | (b[i + 2] ?? 0) << 16 | (b[i + 3] ?? 0) << 24) >>> 0

/**
 * Feeds the deflate data from `at` to `inflate`, one piece at a time, until the deflate stream has
 * ended (zlib left input unread: it pushes the end of output before it calls back) or the file does.
 */
async function feed (file: FileWindow, at: number, inflate: InflateRaw): Promise<void> {
  let written = 0
  for (;;) {
    const piece = await file.view(at + written, PIECE, 1)
    if (inflate.destroyed) return
    if (piece.length === 0) {
      inflate.end()
      return
    }
    written += piece.length
    const error = await new Promise<Error | null | undefined>(resolve => { inflate.write(piece, resolve) })
    if (error != null || inflate.destroyed || inflate.bytesWritten < written) return
  }
}

/**
 * The deflate data at `at` inflated in one synchronous call, when the window holds all of it and it
 * inflates to at most 16 MiB (records gzipped one per member): undefined otherwise, or when it is damaged. One call instead
 * of a stream's several thread-pool round trips, ten times faster on per-record members.
 */
async function inflateWhole (file: FileWindow, at: number): Promise<{ bytes: Uint8Array, consumed: number } | undefined> {
  const input = await file.view(at, WHOLE_INPUT, WHOLE_INPUT)
  let result: { buffer: Buffer, engine: InflateRaw }
  try {
    // (Node's types omit what `info: true` returns)
    result = inflateRawSync(input, { info: true, finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: WHOLE_OUTPUT }) as unknown as typeof result
  } catch {
    // too large, or damaged: the stream then passes on what inflates before the damage (in a member
    // of a whole-file gzip, all the records before it) and says why it stopped
    return undefined
  }
  // all input taken: the deflate data may go on past it
  if (result.engine.bytesWritten >= input.length) return undefined
  return { bytes: result.buffer, consumed: result.engine.bytesWritten }
}

/** Checks a member's trailer (CRC-32 and length of what it inflated to) at `at`. */
async function trailerCheck (file: FileWindow, at: number, crc: number, length: number): Promise<MemberEnd> {
  const trailer = await file.view(at, 8)
  if (trailer.length < 8) return { ok: false, reason: 'the file ends inside its trailer', cut: true }
  if (u32(trailer, 0) !== crc >>> 0) return { ok: false, reason: 'CRC-32 mismatch', end: at + 8 }
  if (u32(trailer, 4) !== length % 2 ** 32) return { ok: false, reason: 'length mismatch', end: at + 8 }
  return { ok: true, end: at + 8 }
}

/**
 * Inflates the member at `at`, yielding its bytes as they come (unverified until it returns), and
 * returns where it ends, or why it is damaged: no header, a deflate error, the file ending inside it,
 * or a CRC-32 or length that does not match.
 */
export async function * inflateMember (file: FileWindow, at: number): AsyncGenerator<Uint8Array, MemberEnd, undefined> {
  const dataAt = await readHeader(file, at)
  if (typeof dataAt === 'string') return { ok: false, reason: dataAt }
  const whole = await inflateWhole(file, dataAt)
  if (whole != null) {
    yield whole.bytes
    return await trailerCheck(file, dataAt + whole.consumed, crc32(whole.bytes), whole.bytes.length)
  }
  const inflate = createInflateRaw({ chunkSize: 64 << 10 })
  const feeding = feed(file, dataAt, inflate)
  // a feed that fails (the file unreadable) fails the inflate, which ends the loop below
  feeding.catch((err: unknown) => inflate.destroy(err instanceof Error ? err : new Error(String(err))))
  let crc = 0
  let length = 0
  try {
    for await (const chunk of inflate as AsyncIterable<Uint8Array>) {
      crc = crc32(chunk, crc)
      length += chunk.length
      yield chunk
    }
    await feeding
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    return /unexpected end of file/i.test(reason) ? { ok: false, reason: 'the file ends inside it', cut: true } : { ok: false, reason }
  } finally {
    inflate.destroy()
  }
  return await trailerCheck(file, dataAt + inflate.bytesWritten, crc, length)
}

/** Whether the member at `at` inflates whole and checks out (its bytes are not kept). */
export async function memberIntact (file: FileWindow, at: number): Promise<boolean> {
  const member = inflateMember(file, at)
  for (;;) {
    const r = await member.next()
    if (r.done === true) return r.value.ok
  }
}

/**
 * The first offset from `from` on where a gzip member header starts and whose member is intact: where
 * reading resumes after damage. Undefined when none is left. A header's bytes inside damaged data
 * (1f 8b 08: one offset in ~16 M by chance) are passed over, as their member does not check out.
 */
export async function nextIntactMember (file: FileWindow, from: number): Promise<number | undefined> {
  let at = from
  while (at < file.size) {
    const bytes = await file.view(at, WINDOW, MAGIC.length)
    const hit = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(MAGIC)
    if (hit === -1) {
      // a header may straddle the window's end: look again from its last two bytes
      if (bytes.length < MAGIC.length) return undefined
      at += bytes.length - (MAGIC.length - 1)
      continue
    }
    if (await memberIntact(file, at + hit)) return at + hit
    at += hit + 1
  }
  return undefined
}

/**
 * Whether the file holds only zero bytes from `at` to `end` (the file's end by default): padding after
 * the last member, which gunzip allows; `end` bounds the look to a stretch (a WARC member of a zip).
 */
export async function zerosToEnd (file: FileWindow, at: number, end = file.size): Promise<boolean> {
  for (let i = at; i < end;) {
    const bytes = await file.view(i, Math.min(WINDOW, end - i), 1)
    if (bytes.length === 0) return true
    if (bytes.some(b => b !== 0)) return false
    i += bytes.length
  }
  return true
}
