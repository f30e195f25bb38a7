import type { IngestSummary } from '../../../core/ingest/ingest-run.ts'
import type { ArchiveRecord } from '../../archive-registry.ts'

/** How the command ends: whether the archive's name moved to a new root, and the exit code. */
export interface IngestOutcome {
  published: boolean
  exitCode: number
}

/**
 * What an ingest did, as `--json` prints it. `ipns` and `root` are the archive's after the run (null
 * when no archive was made); `published` says whether the run moved it.
 */
export function ingestReport (name: string, record: ArchiveRecord | undefined, s: IngestSummary, outcome: IngestOutcome): Record<string, unknown> {
  return {
    archive: name,
    ipns: record?.ipns ?? null,
    root: record?.root ?? null,
    published: outcome.published,
    exitCode: outcome.exitCode,
    records: s.records,
    mementos: s.mementos,
    duplicates: s.duplicates,
    revisits: { resolved: s.revisits.resolved, unresolved: s.listed.unresolved, unresolvedList: s.revisits.unresolved },
    skipped: s.skipped,
    skippedByReason: s.skippedByReason,
    warnings: s.warnings,
    errors: s.errors,
    newBlocks: s.newBlocks,
    newBytes: s.newBytes,
    dedupBlocks: s.dedupBlocks,
    dedupBytes: s.dedupBytes,
    bytes: s.bytes,
    iparos: s.iparos,
    wacz: s.wacz
  }
}

/** What an ingest did, for a person: the counts, the first unresolved revisits and warnings, the errors kept. */
export function ingestReportLines (name: string, record: ArchiveRecord | undefined, s: IngestSummary, outcome: IngestOutcome): string[] {
  return [
    `${name}: ${s.mementos} new mementos from ${s.records} records in ${s.files} file(s)` + (s.duplicates > 0 ? `, ${s.duplicates} already archived` : ''),
    `  revisits: ${s.revisits.resolved} resolved, ${s.listed.unresolved} without their original`,
    ...s.revisits.unresolved.slice(0, 20).map(u => `    unresolved: ${u.uri} at ${u.datetime}`),
    `  skipped: ${s.skipped}${Object.keys(s.skippedByReason).length > 0 ? ` (${Object.entries(s.skippedByReason).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}`,
    `  stored: ${s.newBlocks} new blocks, ${s.newBytes} bytes; deduplicated ${s.dedupBytes} bytes`,
    ...s.wacz.map(w => `  wacz    ${w.file}: ${w.pages} page(s), signature ${w.signature}${w.signer != null ? ` (signer ${w.signer})` : ''}`),
    ...s.errors.map(e => `  error   ${e.file} @${e.offset}: ${e.code}: ${e.message}`),
    ...(s.listed.errors > s.errors.length ? [`  … ${s.listed.errors - s.errors.length} more errors (--json lists all)`] : []),
    ...s.warnings.slice(0, 50).map(w => `  warning ${w.file} @${w.offset}: ${w.code}: ${w.message}`),
    ...(s.listed.warnings > 50 ? [`  … ${s.listed.warnings - 50} more warnings (--json lists all)`] : []),
    ...(record == null
      ? ['  nothing ingested: no archive was created']
      : [...(outcome.published ? [] : ['  nothing ingested: the archive is unchanged']), `  root ${record.root}`, `  ipns ${record.ipns}`])
  ]
}
