import { open, type FileHandle } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import type { CaptureContext } from '../../core/ingest/capture.ts'
import type { IngestItem } from '../../core/ingest/read-record-outcomes.ts'
import type { ByteSource } from '../../core/formats/wacz/byte-source.ts'
import { waczItems } from '../../core/formats/wacz/wacz-items.ts'

/** A WACZ being read: how far (in file bytes, for the progress bar). */
export interface WaczFileSource {
  readonly fileBytesRead: number
  size: number
  close: () => Promise<void>
}

/** Positional reads of an open file: the zip reader asks for its central directory, then for each member's bytes. */
function fileSource (handle: FileHandle, size: number): ByteSource {
  return {
    size,
    read: async (offset, length) => {
      const want = Math.max(0, Math.min(length, size - offset))
      const bytes = new Uint8Array(want)
      let got = 0
      while (got < want) {
        const { bytesRead } = await handle.read(bytes, got, want - got, offset + got)
        if (bytesRead === 0) break
        got += bytesRead
      }
      return bytes.subarray(0, got)
    }
  }
}

/**
 * A .warc.gz member's bytes inflated by the native zlib, which reads per-record and whole-file gzip
 * alike (members concatenated). Damage makes it throw: the WARC reader reports that and what was
 * read before it is kept (a member whose hash did not match is not read at all: wacz-items.ts).
 */
async function * gunzipped (member: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const gunzip = Readable.from(member, { objectMode: false }).pipe(createGunzip({ chunkSize: 1 << 20 }))
  try {
    for await (const b of gunzip as AsyncIterable<Buffer>) yield new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
  } finally {
    gunzip.destroy()
  }
}

/**
 * A WARC member as the reader takes it: gunzipped when its first bytes are gzip's, whatever its name
 * says (WACZ writers have stored gzipped WARCs as `.warc`).
 */
async function * warcBytes (member: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const chunks = member[Symbol.asyncIterator]()
  let first = await chunks.next()
  while (first.done !== true && first.value.byteLength === 0) first = await chunks.next()
  if (first.done === true) return
  const head = first.value
  async function * all (): AsyncGenerator<Uint8Array> {
    yield head
    for (let r = await chunks.next(); r.done !== true; r = await chunks.next()) yield r.value
  }
  // (a first chunk of one byte, 0x1f, is taken for no gzip: zip.js hands out far larger ones)
  if (head[0] === 0x1f && head[1] === 0x8b) yield * gunzipped(all())
  else yield * all()
}

/**
 * A WACZ file named on the command line as ingest items (src/core/formats/wacz/wacz-items.ts), read
 * from disk member by member through the zip's central directory: never loaded whole.
 */
export async function * waczFileItems (path: string, ctx: CaptureContext, onOpen?: (source: WaczFileSource) => void): AsyncGenerator<IngestItem> {
  const handle = await open(path, 'r')
  try {
    const size = (await handle.stat()).size
    const progress = { at: 0 }
    onOpen?.({ get fileBytesRead () { return progress.at }, size, close: async () => {} })
    yield * waczItems(fileSource(handle, size), { file: ctx.file, ctx, warcBytes, progress })
    progress.at = size
  } finally {
    await handle.close()
  }
}
