import { hashers } from '../archive/archive-test-support.ts'
import type { BlockStore } from '../blocks.ts'
import { toDigits } from '../datetime.ts'
import { indexKey } from './file-index-builder.ts'
import type { FileIndexEntry } from './file-index-entry.ts'
import { writeFileIndex } from './file-index.ts'
import { writeFileIparo } from './file-iparo.ts'
import type { FileListItem } from './file-list.ts'

/** A capture as a page list sees it: only the index is read, so the file's bytes need not hold the records. */
export interface Capture { uri: string, datetime: string, type?: FileIndexEntry['type'] }

/**
 * A whole-file IPARO whose index lists `captures` (offsets made up, the file a stand-in of 100 bytes):
 * what page-list tests need, without a WARC.
 */
export async function indexOnlyFile (store: BlockStore, name: string, captures: Capture[]): Promise<FileListItem> {
  const entries: FileIndexEntry[] = captures.map((c, i) => ({
    key: indexKey(c.uri, c.datetime), uri: c.uri, datetime: c.datetime, offset: i * 10, length: 10, type: c.type ?? 'response', status: 200, mime: 'text/html'
  }))
  const index = await writeFileIndex(store, entries)
  async function * content (): AsyncGenerator<Uint8Array> { yield new Uint8Array(100) }
  const datetime = captures[0]?.datetime ?? '2020-01-01T00:00:00Z'
  const file = await writeFileIparo(store, { type: 'warc', name, content: content(), index, records: entries.length, datetime, gzip: false, chunkSize: 64, hashers })
  return { iparo: file.cid, index, name }
}

/** `2014-01-26T20:06:24Z` as the page list writes it: `20140126200624`. */
export const digits14 = (datetime: string): string => toDigits(datetime).slice(0, 14)
