import type { BlockGetter } from '../blocks.ts'
import { collectBytes } from '../bytes.ts'
import { InvalidIparoError } from '../errors.ts'
import { readUnixfsRange } from '../replay/read-unixfs-range.ts'
import type { FileIndexEntry } from './file-index-entry.ts'
import type { OpenedFileIparo } from './file-iparo.ts'
import { parseOneRecord, type FileRecord } from './file-record.ts'

/** Inflates one gzip member; bytes that are not one whole member are the index's error, never content. */
async function gunzip (bytes: Uint8Array, where: string): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'))
    return new Uint8Array(await new Response(stream).arrayBuffer())
  } catch (err) {
    throw new InvalidIparoError(`${where}: the bytes the index names are not a whole gzip member`, { cause: err })
  }
}

/**
 * The record an index entry names, read through UnixFS ranges (only the leaves under it, each
 * verified), inflated when the file is gzip members, and checked against the entry: a range outside
 * the file, or a record other than the one the entry describes, is an InvalidIparoError.
 */
export async function readIndexedRecord (blocks: BlockGetter, file: OpenedFileIparo, entry: FileIndexEntry, signal?: AbortSignal): Promise<FileRecord> {
  const where = `${file.cid.toString()} @${entry.offset}`
  if (entry.length === 0 || entry.offset + entry.length > file.file.length) {
    throw new InvalidIparoError(`${where}: the index names bytes ${entry.offset}–${entry.offset + entry.length} of a ${file.file.length}-byte file`)
  }
  const raw = await collectBytes(readUnixfsRange(blocks, file.file.cid, entry.offset, entry.length, signal))
  // a record is a gzip member or plain WARC (`WARC/`): told by its first bytes (a WACZ may hold both kinds)
  const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? await gunzip(raw, where) : raw
  const record = await parseOneRecord(bytes, where)
  if (record.type !== entry.type || record.uri !== entry.uri || record.datetime !== entry.datetime) {
    throw new InvalidIparoError(`${where}: the record there (${record.type} ${record.uri} ${record.datetime ?? '?'}) is not the one the index names (${entry.type} ${entry.uri} ${entry.datetime})`)
  }
  return record
}
