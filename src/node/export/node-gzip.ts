import { Readable } from 'node:stream'
import { createGzip, gzipSync } from 'node:zlib'
import type { GzipMember } from '../../core/export/warc-writer.ts'

/** Records up to this size are compressed in one call: a zlib stream per small record costs more than its bytes. */
const SMALL_RECORD = 1 << 20

/** One record as one gzip member (node:zlib): small records at once, larger ones streamed. */
export const gzipMember: GzipMember = async function * (chunks) {
  const held: Uint8Array[] = []
  let size = 0
  const iterator = chunks[Symbol.asyncIterator]()
  for (let next = await iterator.next(); ; next = await iterator.next()) {
    if (next.done === true) {
      yield gzipSync(Buffer.concat(held))
      return
    }
    held.push(next.value)
    size += next.value.byteLength
    if (size > SMALL_RECORD) break
  }
  const rest = async function * (): AsyncGenerator<Uint8Array> {
    yield * held
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value
  }
  for await (const chunk of Readable.from(rest()).pipe(createGzip())) yield chunk as Buffer
}

export async function gzipBytes (bytes: Uint8Array): Promise<Uint8Array> {
  return gzipSync(bytes)
}
