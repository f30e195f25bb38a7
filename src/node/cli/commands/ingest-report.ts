import type { IngestSummary } from '../../../core/ingest/ingest-run.ts'
import type { ArchiveRecord } from '../../archive-registry.ts'

/** What an ingest did, as `--json` prints it. */
export function ingestReport (name: string, record: ArchiveRecord, s: IngestSummary): Record<string, unknown> {
  return {
    archive: name,
    ipns: record.ipns,
    root: record.root,
    records: s.records,
    mementos: s.mementos,
    duplicates: s.duplicates,
    revisits: { resolved: s.revisits.resolved, unresolved: s.revisits.unresolved.length, unresolvedList: s.revisits.unresolved },
    skipped: s.skipped,
    skippedByReason: s.skippedByReason,
    warnings: s.warnings,
    errors: s.errors,
    newBlocks: s.newBlocks,
    newBytes: s.newBytes,
    dedupBlocks: s.dedupBlocks,
    dedupBytes: s.dedupBytes,
    bytes: s.bytes,
    iparos: s.iparos
  }
}

/** What an ingest did, for a person: the counts, the first unresolved revisits and warnings, every error. */
export function ingestReportLines (name: string, record: ArchiveRecord, s: IngestSummary): string[] {
  return [
    `${name}: ${s.mementos} new mementos from ${s.records} records in ${s.files} file(s)` + (s.duplicates > 0 ? `, ${s.duplicates} already archived` : ''),
    `  revisits: ${s.revisits.resolved} resolved, ${s.revisits.unresolved.length} without their original`,
    ...s.revisits.unresolved.slice(0, 20).map(u => `    unresolved: ${u.uri} at ${u.datetime}`),
    `  skipped: ${s.skipped}${Object.keys(s.skippedByReason).length > 0 ? ` (${Object.entries(s.skippedByReason).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}`,
    `  stored: ${s.newBlocks} new blocks, ${s.newBytes} bytes; deduplicated ${s.dedupBytes} bytes`,
    ...s.errors.map(e => `  error   ${e.file} @${e.offset}: ${e.code}: ${e.message}`),
    ...s.warnings.slice(0, 50).map(w => `  warning ${w.file} @${w.offset}: ${w.code}: ${w.message}`),
    ...(s.warnings.length > 50 ? [`  … ${s.warnings.length - 50} more warnings (--json lists all)`] : []),
    `  root ${record.root}`,
    `  ipns ${record.ipns}`
  ]
}
