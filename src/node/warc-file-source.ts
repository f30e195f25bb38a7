import { open } from 'node:fs/promises'
import { createReadStream } from 'node:fs'
import type { TransformOptions } from 'node:stream'
import { createGunzip, type ZlibOptions } from 'node:zlib'

export interface WarcFileSource {
  /** decompressed bytes */
  chunks: AsyncIterable<Uint8Array>
  /** file bytes read so far (compressed, for progress) */
  readonly fileBytesRead: number
  size: number
  gzipped: boolean
}

/**
 * A WARC file as decompressed bytes. Gzip is recognised by its magic bytes, not the file name, and
 * inflated by Node's native zlib, which reads per-record and whole-file gzip alike (members are
 * concatenated). A truncated or corrupt gzip makes the iterable throw; the reader reports it.
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
  // 1 MiB reads and 1 MiB of output per inflate step: each step is a thread-pool round trip that costs
  // the ingest's thread ~0.1 ms and wakes a pool thread on a busy core. 64 KiB steps spent a fifth of
  // the run on them; 1 MiB steps take ~8% less time than 256 KiB ones on the bench crawl (bench/README.md).
  // Up to 4 MiB inflated ahead: with the default 16 KiB mark, zlib started the next step only once the
  // reader took the last chunk, and the reader waited for it (~0.7 ms per MiB, a third of its idle time).
  const file = createReadStream(path, { highWaterMark: 1 << 20 })
  let read = 0
  file.on('data', (chunk) => { read += chunk.length })
  // (zlib hands its options to the Transform it is: Node's types omit the stream's own)
  const inflate: ZlibOptions & TransformOptions = { chunkSize: 1 << 20, readableHighWaterMark: 4 << 20 }
  const stream = gzipped ? file.pipe(createGunzip(inflate)) : file
  if (gzipped) file.on('error', (err) => stream.destroy(err))
  return {
    chunks: plainViews(stream as AsyncIterable<Buffer>),
    get fileBytesRead () { return read },
    size,
    gzipped
  }
}

/**
 * The chunks as plain Uint8Array views of the same memory. The reader slices every record's head,
 * payload and lines out of them: a Buffer's subarray() is a JS override that builds a FastBuffer,
 * a Uint8Array's is the engine's own (one allocation of the many per record, but thousands per file).
 */
async function * plainViews (source: AsyncIterable<Buffer>): AsyncGenerator<Uint8Array> {
  for await (const b of source) yield new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
}
