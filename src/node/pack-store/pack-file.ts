import { readSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { PACK_MAGIC, parseRecords, RECORD_HEAD, recordSize, startsWith, type ParsedRecord } from './pack-record.ts'
import { PackStoreError } from './pack-errors.ts'

/** Tail scans read this much at a time (a record larger than this is read on its own). */
const SCAN_WINDOW = 8 * 1024 * 1024

export const packName = (id: number): string => `${String(id).padStart(8, '0')}.pack`

/**
 * One pack file. Knows how far its records are believed (`end`), and reads, appends and scans at byte
 * offsets. The pack is append-only; bytes past `end` (a torn tail) are never read as records.
 */
export class PackFile {
  /** pack offset up to which records are complete and intact */
  end = PACK_MAGIC.byteLength
  /** the file size seen at the last scan: an unchanged size needs no rescan */
  private seenSize = -1
  private checked = false
  private handle?: FileHandle = undefined
  private opening?: Promise<FileHandle> = undefined

  constructor (readonly id: number, readonly path: string) {}

  /** Creates an empty pack (magic only). */
  static async create (id: number, path: string): Promise<PackFile> {
    const pack = new PackFile(id, path)
    const handle = await open(path, 'wx+')
    await handle.write(PACK_MAGIC, 0, PACK_MAGIC.byteLength, 0)
    pack.handle = handle
    pack.seenSize = PACK_MAGIC.byteLength
    pack.checked = true
    return pack
  }

  /** The open handle (read-write when the file allows it: the writer appends through the same one). */
  async file (): Promise<FileHandle> {
    if (this.handle != null) return this.handle
    this.opening ??= open(this.path, 'r+').catch(async (err: NodeJS.ErrnoException) => {
      if (err.code === 'EACCES' || err.code === 'EROFS' || err.code === 'EPERM') return open(this.path, 'r')
      throw err
    })
    try {
      this.handle = await this.opening
    } catch (err) {
      // not kept: a pack the writer has yet to create exists on the next try
      this.opening = undefined
      throw err
    }
    return this.handle
  }

  /** Scans from `offset` next time (the key index covers everything before it). */
  scanFrom (offset: number): void {
    this.end = Math.max(offset, PACK_MAGIC.byteLength)
    this.seenSize = -1
  }

  /** False for an empty file (its creator died before writing the magic); throws for a file that is not a pack. */
  private async checkMagic (handle: FileHandle): Promise<boolean> {
    if (this.checked) return true
    const magic = new Uint8Array(PACK_MAGIC.byteLength)
    await handle.read(magic, 0, magic.byteLength, 0)
    if (!startsWith(magic, PACK_MAGIC)) {
      if ((await handle.stat()).size === 0) return false
      throw new PackStoreError(`${this.path} is not an IPARO pack file`)
    }
    this.checked = true
    return true
  }

  /**
   * Reads records appended past `end` since the last scan (by this or another process), stopping at
   * the first one that is incomplete or damaged: a writer may be in the middle of it, so the next
   * scan tries again from there. Stops early, after a window, once `enough()` says so (the caller
   * writes what it has and scans on). Returns whether anything new was found.
   */
  async scan (onRecord: (r: ParsedRecord) => void, enough: () => boolean = () => false): Promise<boolean> {
    const handle = await this.file()
    if (!await this.checkMagic(handle)) return false
    const size = (await handle.stat()).size
    if (size === this.seenSize) return false
    const before = this.end
    let at = this.end
    let stopped = false
    while (at < size) {
      let window = Math.min(size - at, SCAN_WINDOW)
      let bytes = await readAt(handle, at, window)
      let parsed = parseRecords(bytes, at)
      if (parsed.records.length === 0 && parsed.stoppedAt === 'short' && bytes.byteLength >= RECORD_HEAD) {
        // one record larger than the window: read it whole if the file holds it
        const whole = recordSize(bytes[9] ?? 0, Buffer.from(bytes.buffer, bytes.byteOffset).readUInt32LE(4))
        if (whole > window && at + whole <= size) {
          window = whole
          bytes = await readAt(handle, at, window)
          parsed = parseRecords(bytes, at)
        }
      }
      for (const r of parsed.records) onRecord(r)
      if (parsed.end === at) break
      at = parsed.end
      if (parsed.stoppedAt === 'bad') break
      if (enough()) {
        stopped = true
        break
      }
    }
    this.end = at
    // stopped early: the size is not taken as seen, so the next scan goes on
    if (!stopped) this.seenSize = size
    return at > before
  }

  /** True when nothing past `end` is in the file: the writer may append here. */
  async isClean (): Promise<boolean> {
    return (await (await this.file()).stat()).size === this.end
  }

  /** Writes every byte of `buffers` at `position` (the writer's append; records are pre-framed). */
  async writeAt (buffers: Uint8Array[], position: number): Promise<void> {
    const at = await writeAll(await this.file(), buffers, position)
    this.seenSize = Math.max(this.seenSize, at)
  }

  /** Records written by this process end here (they are believed without a rescan). */
  appended (end: number): void {
    this.end = end
  }

  /** Makes written records durable. */
  async sync (): Promise<void> {
    await (await this.file()).datasync()
  }

  /**
   * The data of a record at `offset`, `length` bytes. Read synchronously: blocks are small and almost
   * always in the page cache, where a synchronous read costs a sixth of a thread-pool round trip.
   */
  async read (offset: number, length: number): Promise<Uint8Array> {
    const handle = this.handle ?? await this.file()
    const bytes = Buffer.allocUnsafe(length)
    let got = 0
    while (got < length) {
      const n = readSync(handle.fd, bytes, got, length - got, offset + got)
      if (n === 0) break
      got += n
    }
    if (got !== length) throw new PackStoreError(`${this.path}: ${length} bytes expected at ${offset}, ${got} found`)
    return bytes
  }

  /** The CID bytes of the record at `offset` (undefined when the pack is gone). */
  readCid (offset: number, cidLength: number): Uint8Array | undefined {
    if (this.handle == null) return undefined
    const bytes = Buffer.allocUnsafe(cidLength)
    const n = readSync(this.handle.fd, bytes, 0, cidLength, offset + RECORD_HEAD)
    return n === cidLength ? bytes : undefined
  }

  async close (): Promise<void> {
    const handle = this.handle ?? await this.opening?.catch(() => undefined)
    this.handle = undefined
    this.opening = undefined
    await handle?.close()
  }
}

async function readAt (handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buffer = Buffer.allocUnsafe(length)
  let got = 0
  while (got < length) {
    const { bytesRead } = await handle.read(buffer, got, length - got, position + got)
    if (bytesRead === 0) break
    got += bytesRead
  }
  return got === length ? buffer : buffer.subarray(0, got)
}

async function writeAll (handle: FileHandle, buffers: Uint8Array[], position: number): Promise<number> {
  let rest = buffers
  let at = position
  while (rest.length > 0) {
    const { bytesWritten } = await handle.writev(rest, at)
    at += bytesWritten
    rest = dropBytes(rest, bytesWritten)
  }
  return at
}

function dropBytes (buffers: Uint8Array[], n: number): Uint8Array[] {
  let i = 0
  while (i < buffers.length && n >= (buffers[i]?.byteLength ?? 0)) {
    n -= buffers[i]?.byteLength ?? 0
    i++
  }
  const rest = buffers.slice(i)
  const first = rest[0]
  if (n > 0 && first != null) rest[0] = first.subarray(n)
  return rest
}
