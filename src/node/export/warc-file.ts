import { createWriteStream } from 'node:fs'
import { basename } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { CID } from 'multiformats/cid'
import type { BlockGetter } from '../../core/blocks.ts'
import { archiveExport, indexLines } from '../../core/export/archive-export.ts'
import type { ExportSelection } from '../../core/export/export-order.ts'
import type { WaczPage } from '../../core/export/wacz-parts.ts'
import { writeAtomically } from './atomic-file.ts'
import { LineSorter } from './line-sorter.ts'
import { gzipMember } from './node-gzip.ts'

export interface WarcFileResult {
  mementos: number
  /** bytes written to the WARC file */
  bytes: number
  /** pages told to `onPage` */
  pages: number
  /** the CDXJ lines (offsets into the WARC file), sorted on disk as needed: read `sorted()`, then `close()` */
  index: LineSorter
}

/** `.warc.gz` (and `.gz`) names get per-record gzip; any other name a plain WARC. */
export const isGzipName = (path: string): boolean => /\.gz$/i.test(path)

/**
 * Writes the archive's WARC to `path` (under a temporary name until complete). `onPage` is told the
 * WACZ's pages; `filename` is the name the index lines give the file (default: its own name). The
 * index lines are sorted in bounded memory, spilling under `dataDir/tmp/`.
 */
export async function writeWarcFile (
  blocks: BlockGetter, rootCid: CID, path: string,
  options: { selection: ExportSelection, dataDir: string, filename?: string, onPage?: (page: WaczPage) => void | Promise<void> }
): Promise<WarcFileResult> {
  const index = await LineSorter.open(options.dataDir)
  try {
    const exported = await archiveExport(blocks, rootCid, {
      selection: options.selection,
      gzip: isGzipName(path) ? gzipMember : undefined,
      filename: options.filename ?? basename(path),
      onLine: async line => { await index.add(line) },
      onPage: options.onPage
    })
    let bytes = 0
    const counted = async function * (): AsyncGenerator<Uint8Array> {
      for await (const chunk of exported.warc) {
        bytes += chunk.byteLength
        yield chunk
      }
    }
    await writeAtomically(path, async (partial) => { await pipeline(Readable.from(counted()), createWriteStream(partial)) })
    return { mementos: exported.mementos(), bytes, pages: exported.pages(), index }
  } catch (err) {
    await index.close()
    throw err
  }
}

/** Writes CDXJ lines (already sorted) to a file, under a temporary name until complete. */
export async function writeCdxjFile (path: string, lines: AsyncIterable<string>): Promise<void> {
  await writeAtomically(path, async (partial) => { await pipeline(Readable.from(linePieces(lines)), createWriteStream(partial)) })
}

/** Lines, each ended by a newline, gathered into UTF-8 pieces of about 64 KiB (a write per line would cost a call each). */
export async function * linePieces (lines: AsyncIterable<string>): AsyncGenerator<Uint8Array> {
  let piece = ''
  for await (const line of lines) {
    piece += line + '\n'
    if (piece.length >= 65_536) { yield Buffer.from(piece, 'utf8'); piece = '' }
  }
  if (piece !== '') yield Buffer.from(piece, 'utf8')
}

/** The CDXJ lines of what an export would write, for an index written without its WARC: read `sorted()`, then `close()`. */
export async function indexWithoutWarc (blocks: BlockGetter, rootCid: CID, selection: ExportSelection, dataDir: string): Promise<LineSorter> {
  const index = await LineSorter.open(dataDir)
  try {
    for await (const line of indexLines(blocks, rootCid, selection)) await index.add(line)
    return index
  } catch (err) {
    await index.close()
    throw err
  }
}
