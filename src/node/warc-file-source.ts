import { open } from 'node:fs/promises'
import { createReadStream } from 'node:fs'
import type { Readable, TransformOptions } from 'node:stream'
import { createGunzip, type Gunzip, type ZlibOptions } from 'node:zlib'
import { SourceGap } from '../core/warc/index.ts'
import { FileWindow, inflateMember, nextIntactMember, zerosToEnd, type MemberEnd } from './gzip-members.ts'
import { GzipOffsets, type FileOffset } from './gzip-offsets.ts'

export interface WarcFileSource {
  /** decompressed bytes, and a `SourceGap` where a damaged gzip member was skipped */
  chunks: AsyncIterable<Uint8Array>
  /** file bytes read so far (compressed, for progress) */
  readonly fileBytesRead: number
  size: number
  gzipped: boolean
  /**
   * Where a byte of `chunks` (an offset the reader gives, counted over every byte yielded) lies in
   * the file: itself in a plain file; in a .warc.gz, the compressed offset of its gzip member, and
   * how far into what that member inflates to.
   */
  locate: (offset: number) => Promise<FileOffset>
  /** Releases what `locate` opened (the file is read again to find members). */
  close: () => Promise<void>
}

/** Where the native inflate (re)starts: a member's file offset, and the bytes inflated before it. */
interface Checkpoint { at: number, out: number }

/**
 * A WARC file as decompressed bytes. Gzip is recognised by its magic bytes, not the file name, and
 * inflated by Node's native zlib, which reads per-record and whole-file gzip alike (members are
 * concatenated). A damaged member (bad CRC, cut or corrupt deflate data, garbage between members)
 * costs only itself: see `inflateMembers`. A file that cannot be read makes the iterable throw; the
 * reader reports it.
 */
export async function openWarcFile (path: string): Promise<WarcFileSource> {
  const handle = await open(path, 'r')
  let size: number
  let magic: Buffer
  try {
    size = (await handle.stat()).size
    magic = Buffer.alloc(2)
    await handle.read(magic, 0, 2, 0)
  } finally {
    await handle.close()
  }
  const gzipped = magic[0] === 0x1f && magic[1] === 0x8b
  const progress = { read: 0 }
  if (!gzipped) {
    return {
      chunks: plainViews(readFrom(path, 0, progress) as AsyncIterable<Buffer>),
      get fileBytesRead () { return progress.read },
      size,
      gzipped,
      locate: async (offset) => ({ at: offset, within: 0 }),
      close: async () => {}
    }
  }
  const offsets = new GzipOffsets(path, size)
  return {
    chunks: inflateMembers(path, size, progress, offsets),
    get fileBytesRead () { return progress.read },
    size,
    gzipped,
    locate: async (offset) => offsets.locate(offset),
    close: async () => { await offsets.close() }
  }
}

function readFrom (path: string, start: number, progress: { read: number }): Readable {
  const file = createReadStream(path, { highWaterMark: 1 << 20, start })
  let read = start
  file.on('data', (chunk) => { read += chunk.length; progress.read = read })
  return file
}

/** The native inflate of the members from file offset `start` on. */
function gunzipFrom (path: string, start: number, progress: { read: number }): Gunzip {
  // 1 MiB reads and 1 MiB of output per inflate step: each step is a thread-pool round trip that costs
  // the ingest's thread ~0.1 ms and wakes a pool thread on a busy core. 64 KiB steps spent a fifth of
  // the run on them; 1 MiB steps take ~8% less time than 256 KiB ones on the bench crawl (bench/README.md).
  // Up to 4 MiB inflated ahead: with the default 16 KiB mark, zlib started the next step only once the
  // reader took the last chunk, and the reader waited for it (~0.7 ms per MiB, a third of its idle time).
  const file = readFrom(path, start, progress)
  // (zlib hands its options to the Transform it is: Node's types omit the stream's own)
  const inflate: ZlibOptions & TransformOptions = { chunkSize: 1 << 20, readableHighWaterMark: 4 << 20 }
  const gunzip = file.pipe(createGunzip(inflate))
  file.on('error', (err) => gunzip.destroy(err))
  // a failed (or abandoned) inflate leaves the file stream paused mid-file: close it
  gunzip.on('close', () => file.destroy())
  return gunzip
}

/** zlib's own errors (Z_DATA_ERROR, Z_BUF_ERROR: damaged or cut data), not the file's. */
function isInflateError (err: unknown): boolean {
  return err instanceof Error && /^Z_/.test((err as NodeJS.ErrnoException).code ?? '')
}

/**
 * The file's members inflated natively, as fast as the plain pipe. When zlib fails it discards all it
 * inflated from the failing step (up to 1 MiB of output, dozens of intact records before the damage),
 * and it never says where members start. So the members since the last checkpoint are inflated again,
 * one at a time (gzip-members.ts): the bytes not yet passed on are, up to the damaged member; then a
 * `SourceGap` (which disowns what the damaged member had passed on), and the native inflate restarts
 * at the next intact member. The cost of damage is inflating again what lies between the last
 * checkpoint (the start, or the previous damage) and the damage.
 */
async function * inflateMembers (path: string, size: number, progress: { read: number }, offsets: GzipOffsets): AsyncGenerator<Uint8Array> {
  let from: Checkpoint = { at: 0, out: 0 }
  const passed = { bytes: 0 }
  for (;;) {
    if (yield * nativeFrom(path, size, from.at, progress, passed)) return
    const handle = await open(path, 'r')
    const recovery = recoverFrom(new FileWindow(handle, size), from, passed.bytes, { progress, offsets })
    let resume: number | undefined
    try {
      for (;;) {
        const r = await recovery.next()
        if (r.done === true) {
          resume = r.value
          break
        }
        passed.bytes += r.value.length
        yield r.value
      }
    } finally {
      // (when the consumer stopped early: a member's inflate stream is released before its file)
      await recovery.return(undefined)
      await handle.close()
    }
    if (resume === undefined) return
    from = { at: resume, out: passed.bytes }
    offsets.resumed(passed.bytes, resume)
  }
}

/**
 * The native inflate from file offset `at` to the end: true when it got there, false when zlib failed,
 * or stopped short: it takes a zero byte after a member for the start of padding and ignores all
 * that follows, members included.
 */
async function * nativeFrom (path: string, size: number, at: number, progress: { read: number }, passed: { bytes: number }): AsyncGenerator<Uint8Array, boolean> {
  const gunzip = gunzipFrom(path, at, progress)
  try {
    // plain views, as plainViews() makes them
    for await (const b of gunzip as AsyncIterable<Buffer>) {
      passed.bytes += b.length
      yield new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
    }
  } catch (err) {
    if (!isInflateError(err)) throw err
    return false
  }
  const end = at + (gunzip as Gunzip).bytesWritten
  if (end >= size) return true
  const handle = await open(path, 'r')
  try {
    return await zerosToEnd(new FileWindow(handle, size), end)
  } finally {
    await handle.close()
  }
}

/**
 * Inflates member by member from the checkpoint, yields what lies past the `yielded` bytes already
 * passed on, and at the first damaged member yields a gap and returns where the next intact member
 * starts (undefined: none; then the rest of the file is lost, or was padding).
 */
async function * recoverFrom (file: FileWindow, from: Checkpoint, yielded: number, track: { progress: { read: number }, offsets: GzipOffsets }): AsyncGenerator<Uint8Array, number | undefined> {
  let at = from.at
  let out = from.out
  let passed = yielded
  for (;;) {
    if (await zerosToEnd(file, at)) return undefined
    const start = out
    const member = inflateMember(file, at)
    let end
    for (;;) {
      const r = await member.next()
      if (r.done === true) {
        end = r.value
        break
      }
      const chunk = r.value
      out += chunk.length
      if (out > passed) {
        const skip = Math.max(0, chunk.length - (out - passed))
        yield new Uint8Array(chunk.buffer, chunk.byteOffset + skip, chunk.length - skip)
        passed = out
      }
    }
    if (end.ok) {
      at = end.end
      track.progress.read = Math.max(track.progress.read, at)
      continue
    }
    track.offsets.damaged(start, at)
    const resume = end.cut === true ? undefined : await nextIntactMember(file, at + 1)
    // a cut member's bytes are what the file holds: only the record the cut ends is lost
    yield new SourceGap('gzip-damaged', gapMessage(at, end, resume, file.size), end.cut === true ? 0 : passed - start, at)
    return resume
  }
}

/** What was lost, from which file offset to which, and where reading resumed. */
function gapMessage (at: number, end: Extract<MemberEnd, { ok: false }>, resume: number | undefined, size: number): string {
  if (end.cut === true) return `the file ends inside the gzip member at file offset ${at} (${end.reason}): what it inflated to before the cut is read`
  if (end.end != null) return checkFailed(at, end.end, end.reason, resume)
  const damaged = `damaged gzip member at file offset ${at} (${end.reason})`
  if (resume !== undefined) return `${damaged}: skipped file offsets ${at} to ${resume} (${resume - at} bytes); reading resumed at the next intact member`
  const lost = `${damaged}: no intact member follows, so nothing from the damage to the end of the file (${size - at} bytes from the member's start) can be read`
  // gzipped whole rather than per record: the deflate stream cannot be entered again after damage
  return at === 0 ? `${lost}; the file is one gzip member (the WARC was gzipped whole, not per record), so the damage cost all the rest of it` : lost
}

/** A member whose deflate data ran to its end but whose trailer disagrees: only its own bytes are in doubt. */
function checkFailed (at: number, end: number, reason: string, resume: number | undefined): string {
  const damaged = `damaged gzip member at file offsets ${at} to ${end} (${reason}: it inflated, but not to the bytes it was made of): the records it held that were not read before its check are lost`
  const whole = at === 0 && resume === undefined
    // (its records read before then are kept: their payload digests tell which of them the damage reached)
    ? '; the file is one gzip member (the WARC was gzipped whole, not per record), so its records were read before the check; each whose payload digest does not match is reported (payload-digest-mismatch)'
    : ''
  if (resume === undefined || resume === end) return damaged + whole
  return `${damaged}; skipped file offsets ${end} to ${resume} (${resume - end} bytes) to the next intact member`
}

/**
 * The chunks as plain Uint8Array views of the same memory. The reader slices every record's head,
 * payload and lines out of them: a Buffer's subarray() is a JS override that builds a FastBuffer,
 * a Uint8Array's is the engine's own (one allocation of the many per record, but thousands per file).
 */
async function * plainViews (source: AsyncIterable<Buffer>): AsyncGenerator<Uint8Array> {
  for await (const b of source) yield new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
}
