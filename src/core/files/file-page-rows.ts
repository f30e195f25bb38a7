import type { BlockGetter } from '../blocks.ts'
import { compareDatetime, type Datetime } from '../datetime.ts'
import { InvalidIparoError } from '../errors.ts'
import { compareKeys } from '../url-map/key-order.ts'
import { scanFileIndex } from './file-index.ts'
import type { OpenedFileIparo } from './file-iparo.ts'

/** One URL held by an archive's whole-file IPAROs, as the page list shows it (no title: indexes hold none). */
export interface FilePageRow {
  /** `surt(url)`: the URL map's key for the URL (an index key without its datetime) */
  key: string
  /** the URL as its latest capture wrote it, as the URL map keeps it */
  url: string
  first: Datetime
  last: Datetime
  /** index entries of the URL over all files (responses, resources and revisits, as the URL map counts versions) */
  count: number
}

// above every key a SURT can start with (JavaScript's `<` in scanFileIndex compares UTF-16 units)
const INDEX_END = '\uffff'.repeat(8)

/**
 * Every URL of the files, one row per URL key over all files, sorted as the URL map sorts keys
 * (compareKeys). Reads each file's whole index once: an index is ~250 bytes an entry, so a 100k-record
 * file is ~25 MB of nodes read and a row array held in memory (docs/whole-file-iparos.md, "Page list").
 */
export async function filePageRows (blocks: BlockGetter, files: readonly OpenedFileIparo[]): Promise<FilePageRow[]> {
  const rows = new Map<string, FilePageRow>()
  for (const file of files) {
    for (const e of await scanFileIndex(blocks, file.index, '', INDEX_END)) {
      const space = e.key.lastIndexOf(' ')
      if (space <= 0) throw new InvalidIparoError(`index ${file.index.toString()}: key ${JSON.stringify(e.key)} has no datetime`)
      const key = e.key.slice(0, space)
      const row = rows.get(key)
      if (row == null) {
        rows.set(key, { key, url: e.uri, first: e.datetime, last: e.datetime, count: 1 })
        continue
      }
      row.count++
      if (compareDatetime(e.datetime, row.first) < 0) row.first = e.datetime
      // at the same instant the later entry (in list, then index order) names the URL, as ingest would
      if (compareDatetime(e.datetime, row.last) >= 0) { row.last = e.datetime; row.url = e.uri }
    }
  }
  return [...rows.values()].sort((a, b) => compareKeys(a.key, b.key))
}
