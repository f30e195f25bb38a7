import type { CID } from 'multiformats/cid'
import type { BlockGetter } from '../blocks.ts'
import { ArchiveError } from '../errors.ts'
import { surt } from '../surt.ts'
import { scanFileIndex } from './file-index.ts'
import type { FileIndexEntry } from './file-index-entry.ts'
import { readFileIparo, type OpenedFileIparo } from './file-iparo.ts'
import { readFileList } from './file-list.ts'
import { FileVersions } from './file-versions.ts'

/** Every index entry of a URL in one file: the keys `surt(url) + ' ' + …` (a space sorts before `!`). */
export async function fileEntries (blocks: BlockGetter, file: OpenedFileIparo, url: string): Promise<FileIndexEntry[]> {
  const key = surt(url)
  return scanFileIndex(blocks, file.index, `${key} `, `${key}!`)
}

/** An archive's whole-file IPAROs (root.files), their headers read once; lookups go through their indexes. */
export class FileShelf {
  private constructor (private readonly blocks: BlockGetter, readonly files: OpenedFileIparo[]) {}

  /** Opens the files the list names (one header block each), checking each against its list item. */
  static async open (blocks: BlockGetter, list: CID | undefined): Promise<FileShelf> {
    const files: OpenedFileIparo[] = []
    for (const item of await readFileList(blocks, list)) {
      const file = await readFileIparo(blocks, item.iparo)
      if (file.index.toString() !== item.index.toString()) throw new ArchiveError(`the file list names index ${item.index.toString()} for ${item.iparo.toString()}, whose header names ${file.index.toString()}`)
      files.push(file)
    }
    return new FileShelf(blocks, files)
  }

  /** A shelf of one file IPARO, opened from its CID alone. */
  static async single (blocks: BlockGetter, iparo: CID): Promise<FileShelf> {
    return new FileShelf(blocks, [await readFileIparo(blocks, iparo)])
  }

  /** The URL's captures in each file that holds any, in list order. */
  async versions (url: string): Promise<FileVersions[]> {
    const out: FileVersions[] = []
    for (const file of this.files) {
      const entries = await fileEntries(this.blocks, file, url)
      if (entries.length > 0) out.push(new FileVersions(this.blocks, file, entries, async uri => fileEntries(this.blocks, file, uri)))
    }
    return out
  }
}
