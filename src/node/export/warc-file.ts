import { createWriteStream } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { CID } from 'multiformats/cid'
import type { BlockGetter } from '../../core/blocks.ts'
import { archiveExport, indexLines, type ArchiveExport } from '../../core/export/archive-export.ts'
import { sortLines } from '../../core/export/cdxj.ts'
import type { ExportSelection } from '../../core/export/export-order.ts'
import { writeAtomically } from './atomic-file.ts'
import { gzipMember } from './node-gzip.ts'

export interface WarcFileResult {
  mementos: number
  /** bytes written to the WARC file */
  bytes: number
  /** the sorted CDXJ lines (offsets into the WARC file) */
  lines: string[]
}

/** `.warc.gz` (and `.gz`) names get per-record gzip; any other name a plain WARC. */
export const isGzipName = (path: string): boolean => /\.gz$/i.test(path)

/**
 * Writes the archive's WARC to `path` (under a temporary name until complete). `pages` also collects
 * the WACZ's pages; `filename` is the name the index lines give the file (default: its own name).
 */
export async function writeWarcFile (
  blocks: BlockGetter, rootCid: CID, path: string,
  options: { selection: ExportSelection, filename?: string, pages?: boolean }
): Promise<WarcFileResult & { export: ArchiveExport }> {
  const exported = await archiveExport(blocks, rootCid, {
    selection: options.selection,
    gzip: isGzipName(path) ? gzipMember : undefined,
    filename: options.filename ?? basename(path),
    pages: options.pages
  })
  let bytes = 0
  const counted = async function * (): AsyncGenerator<Uint8Array> {
    for await (const chunk of exported.warc) {
      bytes += chunk.byteLength
      yield chunk
    }
  }
  await writeAtomically(path, async (partial) => { await pipeline(Readable.from(counted()), createWriteStream(partial)) })
  return { mementos: exported.mementos(), bytes, lines: sortLines(exported.lines), export: exported }
}

/** Writes CDXJ lines (already sorted) to a file, under a temporary name until complete. */
export async function writeCdxjFile (path: string, lines: string[]): Promise<void> {
  await writeAtomically(path, async (partial) => { await writeFile(partial, lines.map(l => l + '\n').join('')) })
}

/** The sorted CDXJ lines of what an export would write, for an index written without its WARC. */
export async function indexWithoutWarc (blocks: BlockGetter, rootCid: CID, selection: ExportSelection): Promise<string[]> {
  const lines: string[] = []
  for await (const line of indexLines(blocks, rootCid, selection)) lines.push(line)
  return sortLines(lines)
}
