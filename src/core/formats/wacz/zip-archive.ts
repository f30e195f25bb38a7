import { Reader, ZipReader, type FileEntry } from '@zip.js/zip.js'
import { collectBytes } from '../../bytes.ts'
import type { ByteSource } from './byte-source.ts'
import { ZipUnreadableError } from './wacz-errors.ts'

/** One file in a zip, as its central directory lists it. */
export interface ZipMember {
  name: string
  /** inflated size */
  size: number
  compressedSize: number
  /** 0 stored, 8 deflated */
  method: number
  /** where its local header starts in the zip */
  offset: number
}

/** A zip read through its central directory: members listed once, each read on demand. */
export interface ZipArchive {
  members: ZipMember[]
  member: (name: string) => ZipMember | undefined
  /** The member's inflated bytes (stored or deflated), checked against its CRC-32 at the end. */
  stream: (name: string) => AsyncIterable<Uint8Array>
  bytes: (name: string) => Promise<Uint8Array>
}

/** zip.js's random-access reader over a byte source (it asks for the central directory, then each member's bytes). */
class SourceReader extends Reader<ByteSource> {
  constructor (private readonly source: ByteSource) {
    super(source)
    this.size = source.size
  }

  override async readUint8Array (index: number, length: number): Promise<Uint8Array> {
    return await this.source.read(index, length)
  }
}

// No web workers (the service worker and the CLI's parsing worker are workers already) and the same
// code path everywhere: the platform's DecompressionStream, which Node 20 and browsers both have.
// `checkSignature`: every member's CRC-32 is checked (zip.js skips it by default), so a member
// damaged on disk fails even when datapackage.json gives no hash for it; it cost no measurable time.
const OPTIONS = { useWebWorkers: false, checkSignature: true }

/**
 * Opens a zip from its central directory (zip64 included). A file cut short has none: that, and
 * any other zip the reader rejects, is a ZipUnreadableError.
 */
export async function openZip (source: ByteSource): Promise<ZipArchive> {
  const reader = new ZipReader(new SourceReader(source), OPTIONS)
  let entries: FileEntry[]
  try {
    entries = (await reader.getEntries()).filter((e): e is FileEntry => !e.directory)
  } catch (err) {
    throw new ZipUnreadableError(`not a readable zip: ${err instanceof Error ? err.message : String(err)} (a zip cut short has no central directory, which lists its files)`, { cause: err })
  }
  const byName = new Map(entries.map(e => [e.filename, e]))
  const members = entries.map(e => ({ name: e.filename, size: e.uncompressedSize, compressedSize: e.compressedSize, method: e.compressionMethod, offset: e.offset }))
  const entry = (name: string): FileEntry => {
    const e = byName.get(name)
    if (e == null) throw new ZipUnreadableError(`no member ${JSON.stringify(name)} in the zip`)
    return e
  }
  return {
    members,
    member: (name) => members.find(m => m.name === name),
    stream: (name) => entryStream(entry(name)),
    bytes: async (name) => await collectBytes(entryStream(entry(name)))
  }
}

/**
 * The entry's bytes as they inflate. zip.js writes into a stream; its reading end is read here with
 * a reader (not `for await`, which some browsers' ReadableStream lacks). Stopping early cancels it.
 */
async function * entryStream (entry: FileEntry): AsyncGenerator<Uint8Array> {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>()
  let failure: unknown
  const written = entry.getData(writable, OPTIONS).catch((err: unknown) => { failure = err })
  const reader = readable.getReader()
  let finished = false
  try {
    for (;;) {
      const r = await reader.read()
      if (r.done) break
      yield r.value
    }
    finished = true
  } catch (err) {
    failure ??= err
  } finally {
    if (!finished) await reader.cancel().catch(() => {})
    await written
  }
  if (failure != null) {
    throw new ZipUnreadableError(`zip member ${JSON.stringify(entry.filename)} could not be read: ${failure instanceof Error ? failure.message : String(failure)}`, { cause: failure })
  }
}
