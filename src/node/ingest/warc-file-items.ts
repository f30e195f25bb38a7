import { readRecordOutcomes, type IngestItem, type RecordItem } from '../../core/ingest/read-record-outcomes.ts'
import type { CaptureContext } from '../../core/ingest/capture.ts'
import type { WarcProblem } from '../../core/warc/index.ts'
import type { FileOffset } from '../gzip-offsets.ts'
import { openWarcFile, type WarcFileSource } from '../warc-file-source.ts'
import { inputFormat } from './input-format.ts'

/**
 * A WARC file named on the command line as ingest items, wherever it is parsed (this thread or the
 * parsing worker): a file that is no WARC is one error item (`unsupported-format`, `not-a-warc`),
 * and every offset a report shows is an offset in the file: for a .warc.gz, the compressed offset of
 * the gzip member (records' own offsets stay the inflated stream's: only the reported ones are mapped,
 * so a file without problems costs nothing more).
 */
export async function * warcFileItems (path: string, ctx: CaptureContext, onOpen?: (source: WarcFileSource) => void): AsyncGenerator<IngestItem> {
  const format = await inputFormat(path)
  if (format.kind === 'unreadable') {
    yield { kind: 'problem', severity: 'error', code: format.code, offset: 0, message: format.message }
    return
  }
  const source = await openWarcFile(path)
  onOpen?.(source)
  try {
    for await (const item of readRecordOutcomes(source.chunks, ctx)) {
      yield reported(item) ? await inFile(item, source) : item
    }
  } finally {
    await source.close()
  }
}

/** Whether the item shows an offset in the summary (a problem, a record's warning or error, a capture's warning). */
function reported (item: IngestItem): boolean {
  if (item.kind === 'problem') return true
  return item.warnings.length > 0 || item.outcome.kind === 'error' || (item.outcome.kind === 'capture' && item.outcome.capture.warnings.length > 0)
}

async function inFile (item: IngestItem, source: WarcFileSource): Promise<IngestItem> {
  if (item.kind === 'problem') return await problemInFile(item, source)
  const warnings: WarcProblem[] = []
  for (const w of item.warnings) warnings.push(await problemInFile(w, source))
  const mapped: RecordItem = { ...item, warnings }
  const outcome = item.outcome
  if (outcome.kind === 'error' || (outcome.kind === 'capture' && outcome.capture.warnings.length > 0)) {
    const where = await source.locate(item.offset)
    if (outcome.kind === 'error') {
      mapped.offset = where.at
      mapped.outcome = { ...outcome, message: outcome.message + inMember(where) }
    } else {
      // (its warnings stay as they are: they are stored in the IPARO, which must not depend on how the file was compressed)
      outcome.capture.offset = where.at
    }
  }
  return mapped
}

async function problemInFile (problem: WarcProblem, source: WarcFileSource): Promise<WarcProblem> {
  const { fileOffset, ...rest } = problem
  if (fileOffset != null) return { ...rest, offset: fileOffset }
  const where = await source.locate(problem.offset)
  return { ...rest, offset: where.at, message: problem.message + inMember(where) }
}

/** Where in a gzip member's inflated bytes, when the offset is not the member's start (a WARC gzipped whole, not per record). */
function inMember (where: FileOffset): string {
  return where.within > 0 ? ` (byte ${where.within} of what the gzip member at file offset ${where.at} inflates to)` : ''
}
