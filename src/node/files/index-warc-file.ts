import { createReadStream } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { InvalidInputError, WarcFormatError } from '../../core/errors.ts'
import { FileIndexBuilder } from '../../core/files/file-index-builder.ts'
import { readZipDirectory } from '../../core/files/zip-directory.ts'
import { collectBytes } from '../../core/bytes.ts'
import { readWarcRecords, type WarcRecord } from '../../core/warc/index.ts'
import { FileWindow, inflateMember, zerosToEnd } from '../gzip-members.ts'

export interface IndexedFile {
  builder: FileIndexBuilder
  /** whether the records indexed are gzip members */
  gzip: boolean
  size: number
}

/** A stretch of the file holding WARC data: the whole .warc(.gz), or a stored WARC member of a WACZ. */
interface Stretch { start: number, end: number }

const GZIP_MAGIC = (b: Uint8Array): boolean => b[0] === 0x1f && b[1] === 0x8b

/**
 * Reads a .warc or .warc.gz for its index: each record's place in the file (for .warc.gz, its gzip
 * member's compressed offset and length, what replay reads and inflates). A file that cannot be
 * indexed honestly is refused with a WarcFormatError: damaged data, or a gzip member holding more than
 * one record (a whole-file gzip could only be replayed by reading it all).
 */
export async function indexWarcFile (path: string): Promise<IndexedFile> {
  return withFile(path, async (handle, size) => {
    const builder = new FileIndexBuilder()
    const gzip = await indexStretch(path, handle, size, { start: 0, end: size }, builder)
    return { builder, gzip, size }
  })
}

/**
 * Reads a .wacz for its index: the WARC members under `archive/` (from the zip's central directory),
 * their records placed by their offset in the zip. Their data must be stored, not deflated, for a
 * record to be a range of the file: a deflated member is refused (InvalidInputError).
 */
export async function indexWaczFile (path: string): Promise<IndexedFile> {
  return withFile(path, async (handle, size) => {
    const members = await readZipDirectory({ size, read: async (offset, length) => readAt(handle, offset, length) })
    const warcs = members.filter(m => /^archive\/.+\.warc(\.gz)?$/i.test(m.name))
    if (warcs.length === 0) throw new InvalidInputError(`${path} has no WARC under archive/: not a WACZ`)
    const deflated = warcs.filter(m => m.method !== 0)
    if (deflated.length > 0) {
      throw new InvalidInputError(`${deflated.map(m => m.name).join(', ')} deflated inside the WACZ: --as-file needs WARC members stored (zip -0), so that a record is a range of the file`)
    }
    const builder = new FileIndexBuilder()
    let gzip = false
    for (const m of warcs) gzip = (await indexStretch(path, handle, size, { start: m.dataOffset, end: m.dataOffset + m.compressedSize }, builder)) || gzip
    return { builder, gzip, size }
  })
}

async function withFile<T> (path: string, use: (handle: FileHandle, size: number) => Promise<T>): Promise<T> {
  const handle = await open(path, 'r')
  try {
    return await use(handle, (await handle.stat()).size)
  } finally {
    await handle.close()
  }
}

async function readAt (handle: FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length)
  const { bytesRead } = await handle.read(buffer, 0, length, offset)
  return buffer.subarray(0, bytesRead)
}

/** Indexes the WARC data in a stretch; true when it is gzip members. */
async function indexStretch (path: string, handle: FileHandle, size: number, stretch: Stretch, builder: FileIndexBuilder): Promise<boolean> {
  const gzip = GZIP_MAGIC(await readAt(handle, stretch.start, 2))
  if (gzip) await indexMembers(new FileWindow(handle, size), stretch, builder)
  else await indexPlain(path, stretch, builder)
  return gzip
}

async function indexMembers (file: FileWindow, stretch: Stretch, builder: FileIndexBuilder): Promise<void> {
  let at = stretch.start
  while (!(await zerosToEnd(file, at, stretch.end))) {
    const member = inflateMember(file, at)
    const chunks: Uint8Array[] = []
    let end
    for (;;) {
      const r = await member.next()
      if (r.done === true) {
        end = r.value
        break
      }
      chunks.push(r.value.slice())
    }
    if (!end.ok || end.end > stretch.end) throw new WarcFormatError(`damaged gzip member (${end.ok ? 'it runs past its WARC' : end.reason}): a whole-file IPARO needs an intact file`, at)
    let records = 0
    for await (const event of readWarcRecords(chunksOf(chunks), { bufferLimit: Number.MAX_SAFE_INTEGER })) {
      if (event.kind === 'problem') {
        if (event.severity === 'error') throw new WarcFormatError(`a gzip member that is not a WARC record (${event.code}: ${event.message})`, at)
        continue
      }
      if (++records > 1) throw new WarcFormatError('a gzip member holding more than one record: --as-file needs one record per member (re-compress with `warcio recompress`)', at)
      builder.add(event, event.content ?? new Uint8Array(0), { offset: at, length: end.end - at })
    }
    at = end.end
  }
}

async function * chunksOf (chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield * chunks
}

async function indexPlain (path: string, stretch: Stretch, builder: FileIndexBuilder): Promise<void> {
  if (stretch.end <= stretch.start) return
  const stream = createReadStream(path, { highWaterMark: 1 << 20, start: stretch.start, end: stretch.end - 1 }) as AsyncIterable<Buffer>
  async function * views (): AsyncGenerator<Uint8Array> {
    for await (const b of stream) yield new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
  }
  for await (const event of readWarcRecords(views())) {
    if (event.kind === 'problem') {
      if (event.severity === 'error') throw new WarcFormatError(`${event.code}: ${event.message}`, stretch.start + event.offset)
      continue
    }
    const content = event.content?.slice() ?? await collectBytes(event.body)
    const end = await event.end
    builder.add(event, content, { offset: stretch.start + event.offset, length: recordLength(event, end.length) })
  }
}

/** A plain record's bytes: its head and content (the separator after it is not part of it). */
const recordLength = (record: WarcRecord, contentLength: number): number => record.headerLength + contentLength
