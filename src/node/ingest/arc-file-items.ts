import { arcToWarc } from '../../core/formats/arc/arc-to-warc.ts'
import { ArcOffsets } from '../../core/formats/arc/arc-offsets.ts'
import type { CaptureContext } from '../../core/ingest/capture.ts'
import { readRecordOutcomes, type IngestItem, type RecordItem, type WarcItem } from '../../core/ingest/read-record-outcomes.ts'
import { openWarcFile, type WarcFileSource } from '../warc-file-source.ts'
import type { OpenedInput } from './warc-file-items.ts'
import { itemInFile, reported } from './item-in-file.ts'

/**
 * An ARC file (plain or gzipped, damaged members skipped as in a .warc.gz) as ingest items: its records
 * converted to WARC records as they are read (src/core/formats/arc), so everything after (dedup,
 * pairing, redaction, titles) is the WARC ingest's. Every offset a report shows is one in the ARC
 * file: for a .arc.gz, the compressed offset of the gzip member.
 */
export async function * arcFileItems (path: string, ctx: CaptureContext, onOpen?: (source: OpenedInput) => void): AsyncGenerator<IngestItem> {
  const source = await openWarcFile(path)
  onOpen?.(source)
  const offsets = new ArcOffsets()
  const locate = async (offset: number): ReturnType<WarcFileSource['locate']> => await source.locate(offsets.toArc(offset))
  try {
    for await (const item of readRecordOutcomes(arcToWarc(source.chunks, { hashers: ctx.hashers, offsets }), ctx)) {
      const at = item.offset
      // (an `arc-garbage` gap shares its WARC offset with the record after it: its ARC offset is kept apart)
      const garbage = item.kind === 'problem' && item.code === 'arc-garbage'
      const mapped = garbage ? await itemInFile({ ...item, offset: offsets.garbageAt(at) }, source.locate) : reported(item) ? await itemInFile(item, locate) : inArc(item, offsets)
      // (progress and the summary's byte count are the ARC's)
      if (mapped.kind === 'record') mapped.end = offsets.toArc(mapped.end)
      offsets.passed(at)
      yield mapped
    }
  } finally {
    await source.close()
  }
}

/** A record nothing is reported of, its offsets the ARC stream's (as a WARC's are its inflated stream's). */
function inArc (item: WarcItem, offsets: ArcOffsets): WarcItem {
  if (item.kind !== 'record') return item
  const mapped: RecordItem = { ...item, offset: offsets.toArc(item.offset) }
  if (item.outcome.kind === 'capture') item.outcome.capture.offset = offsets.toArc(item.outcome.capture.offset)
  return mapped
}
