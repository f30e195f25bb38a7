import { createReadStream } from 'node:fs'
import { basename } from 'node:path'
import type { CID } from 'multiformats/cid'
import type { BlockSink } from '../../core/iparo/kubo-import.ts'
import { WarcFormatError } from '../../core/errors.ts'
import { writeFileIndex } from '../../core/files/file-index.ts'
import { writeFileIparo } from '../../core/files/file-iparo.ts'
import { nodeHashers } from '../node-hashers.ts'
import { indexWaczFile, indexWarcFile } from './index-warc-file.ts'

/**
 * The chunk size of a file's UnixFS DAG: `ipfs add --cid-version=1 --chunker=size-32768` gives the
 * same CID. Measured in docs/whole-file-iparos.md: a record of the 2.5 MB IAH crawl reads 2.25 of its
 * 78 file blocks on average (6 at most); Kubo's default 256 KiB chunks would make it 2 of 11.
 */
export const FILE_CHUNK_SIZE = 32_768

export interface StoredFile {
  name: string
  iparo: CID
  index: CID
  size: number
  /** records read, index entries, and records left out by reason */
  records: number
  indexed: number
  skipped: Record<string, number>
}

/**
 * Stores a .warc or .warc.gz (type `warc`) or a .wacz (type `wacz`) as one whole-file IPARO and its index. Two reads of the
 * file: one to index its records, one to import its bytes.
 */
export async function storeFileIparo (sink: BlockSink, path: string, chunkSize = FILE_CHUNK_SIZE): Promise<StoredFile> {
  const name = basename(path)
  const type = /\.wacz$/i.test(name) ? 'wacz' : 'warc'
  const { builder, gzip } = type === 'wacz' ? await indexWaczFile(path) : await indexWarcFile(path)
  const entries = builder.entries()
  if (builder.firstDatetime == null) throw new WarcFormatError(`${name} holds no dated WARC record`, 0)
  const index = await writeFileIndex(sink, entries)
  const stream = createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>
  async function * content (): AsyncGenerator<Uint8Array> {
    for await (const b of stream) yield new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
  }
  const file = await writeFileIparo(sink, {
    type, name, content: content(), index, records: entries.length, datetime: builder.firstDatetime, gzip, chunkSize, hashers: nodeHashers
  })
  return { name, iparo: file.cid, index, size: file.file.length, records: builder.records, indexed: entries.length, skipped: builder.skipped }
}
