import type { BlockGetter } from '../blocks.ts'
import type { DecodedIparo } from '../iparo/iparo-root.ts'
import { MementoRecords, type MementoFacts } from './memento-records.ts'

/**
 * Compresses one record into one complete gzip member (per-record gzip, as `.warc.gz` files are written
 * so readers can seek to any record). The edge provides it: node:zlib in Node, CompressionStream in a
 * browser.
 */
export type GzipMember = (chunks: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>

/** Where a memento record landed in the written file: its first byte and its (compressed) length. */
export interface WrittenMemento {
  facts: MementoFacts
  offset: number
  length: number
}

export interface WarcWriteOptions {
  /** gzip each record as its own member; plain WARC without */
  gzip?: GzipMember
  /** called once per memento record written, in file order (awaited: a sink may write to disk) */
  onMemento?: (written: WrittenMemento) => void | Promise<void>
}

/**
 * Streams the WARC file of `mementos`: per memento its IPARO header record, its memento record and its
 * request record (see MementoRecords). Only one record's bytes are in flight at a time.
 */
export async function * writeWarc (blocks: BlockGetter, mementos: AsyncIterable<DecodedIparo>, options: WarcWriteOptions = {}): AsyncGenerator<Uint8Array> {
  const builder = new MementoRecords(blocks)
  let offset = 0
  for await (const iparo of mementos) {
    const { facts, records } = builder.records(iparo)
    for (const record of records) {
      const start = offset
      const bytes = options.gzip != null ? options.gzip(record.bytes()) : record.bytes()
      for await (const chunk of bytes) {
        offset += chunk.byteLength
        yield chunk
      }
      if (record.role === 'memento') await options.onMemento?.({ facts, offset: start, length: offset - start })
    }
  }
}
