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
  /** choose the pages of a WACZ while writing */
  pages?: boolean
}

/** An export under way: read `warc` to its end, then `lines` (unsorted) and `pages` are complete. */
export interface ArchiveExport {
  warc: AsyncIterable<Uint8Array>
  lines: string[]
  pages: WaczPage[]
  mementos: () => number
}

/**
 * An archive as one WARC file, with its CDXJ lines (offsets and lengths into that file) and, for a WACZ,
 * its pages. The WARC streams; the index lines and pages are held in memory (one line per memento).
 */
export async function archiveExport (blocks: BlockGetter, rootCid: CID, options: ArchiveExportOptions): Promise<ArchiveExport> {
  const picker = options.pages === true ? await PagePicker.open((await ArchiveReader.open(blocks, rootCid)).urls) : undefined
  const lines: string[] = []
  let count = 0
  const mementos = async function * (): AsyncGenerator<DecodedIparo> {
    for await (const iparo of exportMementos(blocks, rootCid, options.selection)) {
      picker?.consider(iparo.header)
      count++
      yield iparo
    }
  }
  const warc = writeWarc(blocks, mementos(), {
    gzip: options.gzip,
    onMemento: w => { lines.push(cdxjLine(w.facts, { offset: w.offset, length: w.length, filename: options.filename })) }
  })
  return { warc, lines, pages: picker?.pages ?? [], mementos: () => count }
}

/**
 * The CDXJ lines (unsorted) of the mementos an export would write, without writing it: no offsets,
 * lengths or file name (they would point into a file that does not exist); `iparo` names each record's IPARO.
 */
export async function * indexLines (blocks: BlockGetter, rootCid: CID, selection: ExportSelection): AsyncGenerator<string> {
  const builder = new MementoRecords(blocks)
  for await (const iparo of exportMementos(blocks, rootCid, selection)) yield cdxjLine(builder.records(iparo).facts)
}
