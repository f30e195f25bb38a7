import type { CID } from 'multiformats/cid'
import type { BlockGetter } from '../blocks.ts'
import { ArchiveReader } from '../archive/archive-reader.ts'
import type { DecodedIparo } from '../iparo/iparo-root.ts'
import { cdxjLine } from './cdxj.ts'
import { exportMementos, type ExportSelection } from './export-order.ts'
import { MementoRecords } from './memento-records.ts'
import { PagePicker } from './page-picker.ts'
import type { WaczPage } from './wacz-parts.ts'
import { writeWarc, type GzipMember } from './warc-writer.ts'

export interface ArchiveExportOptions {
  selection: ExportSelection
  /** per-record gzip (`.warc.gz`); a plain WARC without */
  gzip?: GzipMember
  /** the WARC's file name as the index lines name it */
  filename: string
  /** told each memento's CDXJ line (unsorted), in file order; awaited */
  onLine?: (line: string) => void | Promise<void>
  /** when given, the WACZ's pages are chosen while writing and told here in file order; awaited */
  onPage?: (page: WaczPage) => void | Promise<void>
}

/** An export under way: read `warc` to its end, then every line and page has been told. */
export interface ArchiveExport {
  warc: AsyncIterable<Uint8Array>
  mementos: () => number
  pages: () => number
}

/**
 * An archive as one WARC file, its CDXJ lines (offsets and lengths into that file) and, for a WACZ,
 * its pages. The WARC streams, and lines and pages go to the caller as they are made: nothing here
 * grows with the archive (the edge spills what it must sort: src/node/export/line-sorter.ts).
 */
export async function archiveExport (blocks: BlockGetter, rootCid: CID, options: ArchiveExportOptions): Promise<ArchiveExport> {
  const onPage = options.onPage
  const picker = onPage != null ? await PagePicker.open((await ArchiveReader.open(blocks, rootCid)).urls) : undefined
  let count = 0
  let pages = 0
  const mementos = async function * (): AsyncGenerator<DecodedIparo> {
    for await (const iparo of exportMementos(blocks, rootCid, options.selection)) {
      const page = await picker?.consider(iparo.header)
      if (page != null && onPage != null) {
        pages++
        await onPage(page)
      }
      count++
      yield iparo
    }
  }
  const warc = writeWarc(blocks, mementos(), {
    gzip: options.gzip,
    onMemento: async w => { await options.onLine?.(cdxjLine(w.facts, { offset: w.offset, length: w.length, filename: options.filename })) }
  })
  return { warc, mementos: () => count, pages: () => pages }
}

/**
 * The CDXJ lines (unsorted) of the mementos an export would write, without writing it: no offsets,
 * lengths or file name (they would point into a file that does not exist); `iparo` names each record's IPARO.
 */
export async function * indexLines (blocks: BlockGetter, rootCid: CID, selection: ExportSelection): AsyncGenerator<string> {
  const builder = new MementoRecords(blocks)
  for await (const iparo of exportMementos(blocks, rootCid, selection)) yield cdxjLine(builder.records(iparo).facts)
}
