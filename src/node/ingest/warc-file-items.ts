import { readRecordOutcomes, type IngestItem } from '../../core/ingest/read-record-outcomes.ts'
import type { CaptureContext } from '../../core/ingest/capture.ts'
import { openWarcFile } from '../warc-file-source.ts'
import { arcFileItems } from './arc-file-items.ts'
import { harFileItems } from './har-file-items.ts'
import { inputFormat } from './input-format.ts'
import { itemInFile, reported } from './item-in-file.ts'
import { waczFileItems } from './wacz-file-items.ts'

/** An input file being read: how far, in file bytes (for the progress bar). */
export interface OpenedInput {
  readonly fileBytesRead: number
}

/**
 * An input file named on the command line as ingest items, wherever it is parsed (this thread or the
 * parsing worker), read as what its bytes say it is (never its name): a WARC, an ARC, a HAR, a WACZ.
 * A file that is none of them is one error item (`not-a-warc`), and every offset a report shows is an
 * offset in the file: for a .warc.gz, the compressed offset of the gzip member (records' own offsets
 * stay the inflated stream's: only the reported ones are mapped, so a file without problems costs
 * nothing more).
 */
export async function * warcFileItems (path: string, ctx: CaptureContext, onOpen?: (source: OpenedInput) => void): AsyncGenerator<IngestItem> {
  const format = await inputFormat(path)
  switch (format.kind) {
    case 'unreadable':
      yield { kind: 'problem', severity: 'error', code: format.code, offset: 0, message: format.message }
      return
    case 'arc':
      yield * arcFileItems(path, ctx, onOpen)
      return
    case 'har':
      yield * harFileItems(path, ctx, format.gzipped, onOpen)
      return
    case 'wacz':
      yield * waczFileItems(path, ctx, onOpen)
      return
  }
  const source = await openWarcFile(path)
  onOpen?.(source)
  const locate = source.locate
  try {
    for await (const item of readRecordOutcomes(source.chunks, ctx)) {
      yield reported(item) ? await itemInFile(item, locate) : item
    }
  } finally {
    await source.close()
  }
}
