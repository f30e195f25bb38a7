import type { RecordItem, WarcItem } from '../../core/ingest/read-record-outcomes.ts'
import type { WarcProblem } from '../../core/warc/index.ts'
import type { FileOffset } from '../gzip-offsets.ts'

/** Where a byte of the stream the reader read lies in the file (src/node/warc-file-source.ts, `locate`). */
export type Locate = (offset: number) => Promise<FileOffset>

/** Whether the item shows an offset in the summary (a problem, a record's warning or error, a capture's warning). */
export function reported (item: WarcItem): boolean {
  if (item.kind === 'problem') return true
  return item.warnings.length > 0 || item.outcome.kind === 'error' || (item.outcome.kind === 'capture' && item.outcome.capture.warnings.length > 0)
}

/** The item with every offset it reports made an offset in the file. */
export async function itemInFile (item: WarcItem, locate: Locate): Promise<WarcItem> {
  if (item.kind === 'problem') return await problemInFile(item, locate)
  const warnings: WarcProblem[] = []
  for (const w of item.warnings) warnings.push(await problemInFile(w, locate))
  const mapped: RecordItem = { ...item, warnings }
  const outcome = item.outcome
  if (outcome.kind === 'error' || (outcome.kind === 'capture' && outcome.capture.warnings.length > 0)) {
    const where = await locate(item.offset)
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

async function problemInFile (problem: WarcProblem, locate: Locate): Promise<WarcProblem> {
  const { fileOffset, ...rest } = problem
  if (fileOffset != null) return { ...rest, offset: fileOffset }
  const where = await locate(problem.offset)
  return { ...rest, offset: where.at, message: problem.message + inMember(where) }
}

/** Where in a gzip member's inflated bytes, when the offset is not the member's start (a file gzipped whole, not per record). */
function inMember (where: FileOffset): string {
  return where.within > 0 ? ` (byte ${where.within} of what the gzip member at file offset ${where.at} inflates to)` : ''
}
