import { readSync } from 'node:fs'
import { open, readFile, type FileHandle } from 'node:fs/promises'
import { encodeIndexEntries, INDEX_MAGIC, KIND_BLOCK, PACK_MAGIC, parseIndexEntries, parseRecords, RECORD_HEAD, recordSize, startsWith, type ParsedRecord, type RecordMeta } from './pack-record.ts'
import { PackStoreError } from './pack-errors.ts'

/** Tail scans read this much at a time (a record larger than this is read on its own). */
const SCAN_WINDOW = 8 * 1024 * 1024

export const packName = (id: number): string => `${String(id).padStart(8, '0')}.pack`
export const indexName = (id: number): string => `${String(id).padStart(8, '0')}.idx`

/**
 * One pack file and its index file. Knows how far its records are believed (`end`), which of them the
 * index file already lists, and reads, appends and scans at byte offsets. The pack is append-only;
 * bytes past `end` (a torn tail) are never read as records.
 */
export class PackFile {
  /** pack offset up to which records are complete and intact */
  end = PACK_MAGIC.byteLength
  /** the file size seen at the last scan: an unchanged size needs no rescan */
  private seenSize = -1
  /** records this process appended and has not yet listed in the index file, in pack order */
  private ownAppends: RecordMeta[] = []
  /** records (tombstones included) and tombstones believed, for compaction's accounting */
  recordCount = 0
  tombstones = 0
  /** how far the index file is known to list records: no need to read it again below this */
  private listedEnd = PACK_MAGIC.byteLength
  private handle?: FileHandle = undefined
  private opening?: Promise<FileHandle> = undefined

  constructor (readonly id: number, readonly path: string, readonly indexPath: string) {}

  /** Creates an empty pack (magic only). */
  static async create (id: number, path: string, indexPath: string): Promise<PackFile> {
    const pack = new PackFile(id, path, indexPath)
    const handle = await open(path, 'wx+')
    await handle.write(PACK_MAGIC, 0, PACK_MAGIC.byteLength, 0)
    pack.handle = handle
    pack.seenSize = PACK_MAGIC.byteLength
    return pack
  }

  /** The open handle (read-write when the file allows it: the writer appends through the same one). */
  async file (): Promise<FileHandle> {
    if (this.handle != null) return this.handle
    this.opening ??= open(this.path, 'r+').catch(async (err: NodeJS.ErrnoException) => {
      if (err.code === 'EACCES' || err.code === 'EROFS' || err.code === 'EPERM') return open(this.path, 'r')
      throw err
    })
    this.handle = await this.opening
    return this.handle
  }

  /** Records listed by the index file, then those found past it. Called once, when the pack is first seen. */
  async load (onRecord: (r: ParsedRecord) => void): Promise<void> {
    const indexed = await this.readIndex()
    const handle = await this.file()
    const magic = new Uint8Array(PACK_MAGIC.byteLength)
    await handle.read(magic, 0, magic.byteLength, 0)
    if (!startsWith(magic, PACK_MAGIC)) {
      // An empty file is a pack whose creator died before writing its magic: it holds nothing.
      if ((await handle.stat()).size === 0) return
      throw new PackStoreError(`${this.path} is not an IPARO pack file`)
    }
    for (const r of indexed.records) this.count(r, onRecord)
    this.end = indexed.end
    this.listedEnd = indexed.end
    await this.scan(onRecord)
  }

  /** The intact entries of the index file ({ end: start of records, bytes: 0 } when there is none). */
  private async readIndex (): Promise<{ records: ParsedRecord[], end: number, bytes: number }> {
    try {
      const bytes = await readFile(this.indexPath)
      if (startsWith(bytes, INDEX_MAGIC)) {
        const parsed = parseIndexEntries(bytes.subarray(INDEX_MAGIC.byteLength))
        return { ...parsed, bytes: INDEX_MAGIC.byteLength + parsed.bytes }
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
    return { records: [], end: PACK_MAGIC.byteLength, bytes: 0 }
  }

  /**
   * Reads records appended past `end` since the last scan (by this or another process), stopping at
   * the first one that is incomplete or damaged: a writer may be in the middle of it, so the next
   * scan tries again from there. Returns whether anything new was found.
   */
  async scan (onRecord: (r: ParsedRecord) => void): Promise<boolean> {
    const handle = await this.file()
    const size = (await handle.stat()).size
    if (size === this.seenSize) return false
    this.seenSize = size
    const before = this.end
    let at = this.end
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
      for (const r of parsed.records) this.count(r, onRecord)
      if (parsed.end === at) break
      at = parsed.end
      if (parsed.stoppedAt === 'bad') break
    }
    this.end = at
    return at > before
  }

  private count (r: ParsedRecord, onRecord: (r: ParsedRecord) => void): void {
    this.recordCount++
    if (r.kind !== KIND_BLOCK) this.tombstones++
    onRecord(r)
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

  /** Marks records as written by this process (they are believed without a rescan). */
  appended (records: RecordMeta[], end: number): void {
    for (const r of records) {
      this.ownAppends.push(r)
      this.recordCount++
      if (r.kind !== KIND_BLOCK) this.tombstones++
    }
    this.end = end
  }

  /** Makes written records durable. */
  async sync (): Promise<void> {
    await (await this.file()).datasync()
  }

  /**
   * Brings the index file up to `end`: entries for this process's appends, and for records before them
   * that no entry lists (another writer crashed before listing them; they are re-read from the pack).
   * Call after `sync`: an entry must never point at bytes that might not survive a crash.
   */
  async writeIndex (): Promise<void> {
    if (this.listedEnd >= this.end) return
    const indexed = await this.readIndex()
    if (indexed.end >= this.end) {
      this.ownAppends = []
      this.listedEnd = indexed.end
      return
    }
    const firstOwn = this.ownAppends[0]?.offset ?? this.end
    const missing: RecordMeta[] = indexed.end < firstOwn ? await this.recordsBetween(indexed.end, firstOwn) : []
    const entries = encodeIndexEntries([...missing, ...this.ownAppends.filter(r => r.offset >= indexed.end)])
    const handle = await open(this.indexPath, indexed.bytes === 0 ? 'w' : 'r+')
    try {
      // written from the last intact entry: a torn entry left by a crash is overwritten, then trimmed
      await writeAll(handle, indexed.bytes === 0 ? [INDEX_MAGIC, entries] : [entries], indexed.bytes)
      await handle.truncate(indexed.bytes + (indexed.bytes === 0 ? INDEX_MAGIC.byteLength : 0) + entries.byteLength)
    } finally {
      await handle.close()
    }
    this.ownAppends = []
    this.listedEnd = this.end
  }

  private async recordsBetween (from: number, to: number): Promise<RecordMeta[]> {
    const out: RecordMeta[] = []
    const handle = await this.file()
    let at = from
    while (at < to) {
      const bytes = await readAt(handle, at, Math.min(to - at, SCAN_WINDOW))
      let parsed = parseRecords(bytes, at)
      if (parsed.records.length === 0 && bytes.byteLength >= RECORD_HEAD) {
        const whole = recordSize(bytes[9] ?? 0, Buffer.from(bytes.buffer, bytes.byteOffset).readUInt32LE(4))
        parsed = parseRecords(await readAt(handle, at, whole), at)
      }
      if (parsed.records.length === 0) throw new PackStoreError(`${this.path}: no intact record at ${at}, below its believed end ${to}`)
      for (const r of parsed.records) if (r.offset < to) out.push({ ...r, cid: r.cid.slice() })
      at = parsed.end
    }
    return out
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
