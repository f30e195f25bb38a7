import { ingestIntoArchive } from '../../../core/archive/ingest-into-archive.ts'
import type { IngestSummary } from '../../../core/ingest/ingest-run.ts'
import { ArchiveRegistry, type ArchiveRecord } from '../../archive-registry.ts'
import type { EmbeddedStore } from '../../embedded-store.ts'
import { nodeHashers } from '../../node-hashers.ts'
import { ingestTarget } from '../../ingest/ingest-target.ts'
import { ingestAsFiles } from '../../files/ingest-as-files.ts'
import { useParseWorker, WarcParseWorker } from '../../ingest/parse-in-worker.ts'
import { flag, stringOption, type Parsed } from '../cli-args.ts'
import { exitCodeFor, IngestIncompleteError, InputFileError, UsageError } from '../cli-error.ts'
import { inputFileSizes } from '../input-file-sizes.ts'
import type { Command, CommandContext } from '../command.ts'
import { printJson } from '../command.ts'
import { ProgressBar } from '../progress-bar.ts'
import { withStore } from '../with-store.ts'
import { ingestReport, ingestReportLines } from './ingest-report.ts'
import { printIngestJson } from './ingest-json.ts'
import { IngestListSpill } from '../../ingest/ingest-list-spill.ts'
import { ingestSources } from './ingest-sources.ts'
import { parseNamespaceOption } from '../../../core/namespace/namespace-layout.ts'
import { ingestGrinding, type NamespaceReport } from '../../namespace/ingest-grinding.ts'

/** Items of each growing summary list (IPAROs, warnings, errors, unresolved revisits) kept in memory. */
const LIST_ITEMS_KEPT = 1000

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'turn WARC, ARC, HAR and WACZ files into IPAROs in an archive and publish its new state',
  usage: 'iparo ingest <files…> [--archive NAME] [--keep-secrets] [--as-file] [--namespace BITS[:URLBITS]] [--json]',
  details: [
    'Damaged records are skipped and reported (file, byte offset in the file as given: for .warc.gz, the',
    'compressed offset of the gzip member), and the rest of every file is ingested. An ingest that reads',
    'nothing creates no archive and leaves an existing one untouched.',
    'Inputs are known by their bytes, not their names: WARC (.warc, .warc.gz), ARC (.arc, .arc.gz), HAR',
    '(.har, .har.gz: docs/formats.md says what a HAR lacks and how the IPARO marks it) and WACZ.',
    'Exit codes: 0 everything was read (warnings at most); 65 an input is none of these, or records were',
    'lost to errors: the rest was ingested, and the summary',
    '(--json: its "errors") says what; 66 an input file is missing or unreadable (nothing done); 1 the',
    'ingest failed; 2 the command line is wrong; 75 another writer held the data folder too long.',
    '--as-file stores each .warc, .warc.gz or .wacz whole, as one IPARO with an index of its records, replayed by',
    'reading only the blocks of a record (docs/whole-file-iparos.md); nothing is redacted from it.',
    '--namespace BITS[:URLBITS] grinds every new IPARO\'s CID into the archive\'s namespace: its digest starts',
    'with BITS bits of the archival tag, then URLBITS bits of its URL\'s hash (docs/namespacing.md), so',
    '`iparo scan` finds it with no index; each IPARO takes ~2^(BITS+URLBITS) hashes of its root block, on',
    'IPARO_GRIND_THREADS threads (default: one per core). The archive records the layout: later ingests',
    'use it without the option; --namespace 0 removes it. Not with --as-file.'
  ].join('\n'),
  options: { archive: { type: 'string' }, 'keep-secrets': { type: 'boolean' }, 'as-file': { type: 'boolean' }, namespace: { type: 'string' } },
  async run (parsed, ctx) {
    const files = parsed.positionals
    if (files.length === 0) throw new UsageError('no WARC files given')
    const name = stringOption(parsed, 'archive') ?? 'default'
    const json = flag(parsed, 'json')
    const namespace = namespaceOption(parsed)
    if (namespace != null && flag(parsed, 'as-file')) throw new UsageError('--namespace grinds memento IPAROs: it does not apply to --as-file')
    const sizes = await fileSizes(files, json, ctx)
    // --as-file: each file stored whole as one IPARO with an index (docs/whole-file-iparos.md)
    if (flag(parsed, 'as-file')) {
      await withStore(parsed, ctx, async (store) => { await ingestAsFiles({ store, ctx, name, json, files }) })
      return
    }
    await withStore(parsed, ctx, async (store) => { await ingestFiles({ store, parsed, ctx, name, json, files, sizes, namespace }) })
  }
}

/** The sizes of the input files; a missing or unreadable one stops the command before the store opens. */
async function fileSizes (files: string[], json: boolean, ctx: CommandContext): Promise<number[]> {
  try {
    return await inputFileSizes(files)
  } catch (err) {
    // --json promises one JSON object on stdout, a failure included; the message also goes to stderr
    if (json && err instanceof InputFileError) printJson(ctx, { error: { code: err.name, exitCode: exitCodeFor(err), file: err.file, message: err.message } })
    throw err
  }
}

interface IngestFilesOptions {
  store: EmbeddedStore
  parsed: Parsed
  ctx: CommandContext
  /** the archive's name */
  name: string
  json: boolean
  files: string[]
  sizes: number[]
  /** `--namespace`, when given */
  namespace: string | undefined
}

/**
 * Ingests the files into the named archive (made when new and something was ingested), publishes its
 * new root when the ingest read anything, and reports; an ingest that lost anything to errors then
 * fails with exit code 65 (its summary printed first).
 */
async function ingestFiles ({ store, parsed, ctx, name, json, files, sizes, namespace }: IngestFilesOptions): Promise<void> {
  const registry = new ArchiveRegistry(store)
  // One writer from reading the root to publishing the new one, so a concurrent ingest's work is
  // never replaced (docs/storage.md, "Concurrent writers"); released when the store closes.
  await store.locks.archives.hold()
  const target = await ingestTarget(registry, name)
  const bar = ctx.stderr.isTTY === true && !json ? new ProgressBar(ctx.stderr, sizes.reduce((a, b) => a + b, 0)) : undefined
  const grinding = ingestGrinding(target.from, namespace, ctx.env, bar == null ? undefined : s => { bar.note(`ground ${s.iparos} IPARO(s), ${(s.hashes / 1e6).toFixed(1)}M hashes`) })
  const keepSecrets = flag(parsed, 'keep-secrets')
  const parser = useParseWorker(ctx.env.IPARO_INGEST_WORKER) ? new WarcParseWorker(keepSecrets) : undefined
  // --json lists every IPARO and warning: past the first ones they wait on disk, not in memory
  const spill = json ? await IngestListSpill.create(store.dir) : undefined
  try {
    await ingestAndReport({ store, ctx, name, json, target, bar, grinding, parser, spill, files, sizes, keepSecrets })
  } finally {
    await spill?.close()
  }
}

interface RunOptions extends Pick<IngestFilesOptions, 'store' | 'ctx' | 'name' | 'json' | 'files' | 'sizes'> {
  target: Awaited<ReturnType<typeof ingestTarget>>
  bar: ProgressBar | undefined
  grinding: ReturnType<typeof ingestGrinding>
  parser: WarcParseWorker | undefined
  spill: IngestListSpill | undefined
  keepSecrets: boolean
}

async function ingestAndReport ({ store, ctx, name, json, target, bar, grinding, parser, spill, files, sizes, keepSecrets }: RunOptions): Promise<void> {
  let result
  try {
    const { sources, onProgress } = ingestSources(files, sizes, parser, bar, keepSecrets)
    const lists = { keep: LIST_ITEMS_KEPT, ...(spill != null ? { spill } : {}) }
    result = await ingestIntoArchive({ store: store.blocks, from: grinding.from, hashers: nodeHashers, keepSecrets, sources, onProgress, namespacing: grinding.namespacing, lists })
  } finally {
    await parser?.close()
    await grinding.close()
  }
  bar?.done()
  const s = result.summary
  // Only now, with every block stored, does the archive's name move to the new root; an ingest that
  // read nothing moves nothing (and makes no archive).
  const record: ArchiveRecord | undefined = ingestedAny(s) ? await target.publish(result.rootCid) : target.before
  const published = record != null && record !== target.before
  const incomplete = s.errors.length > 0 ? new IngestIncompleteError(incompleteMessage(s, published, target.before != null)) : undefined
  const outcome = { published, exitCode: incomplete == null ? 0 : exitCodeFor(incomplete) }
  const ground = grinding.report()
  if (json) await printIngestJson(ctx, { ...ingestReport(name, record, s, outcome), ...(ground != null ? { namespace: ground } : {}) }, s, spill)
  else ctx.stdout.write([...ingestReportLines(name, record, s, outcome), ...namespaceReportLines(ground)].join('\n') + '\n')
  if (incomplete != null) throw incomplete
}

/** `--namespace BITS[:URLBITS]`, checked as a command-line mistake (exit code 2) before anything is read. */
function namespaceOption (parsed: Parsed): string | undefined {
  const text = stringOption(parsed, 'namespace')
  try {
    if (text != null) parseNamespaceOption(text)
  } catch (err) {
    throw new UsageError((err as Error).message, { cause: err })
  }
  return text
}

function namespaceReportLines (n: NamespaceReport | undefined): string[] {
  if (n == null) return []
  return [`  namespace ${n.bits}:${n.urlBits}: ${n.iparos} IPARO(s) ground, ${n.tries} tries in ${(n.grindMs / 1000).toFixed(1)} s`]
}

/** Error codes that mean a whole input file could not be read at all. */
const UNREADABLE_INPUT = new Set(['unsupported-format', 'not-a-warc', 'not-a-wacz', 'zip-unreadable', 'not-a-har', 'har-too-large'])

/** Whether the run added anything or met anything already archived: else there is nothing to publish. */
function ingestedAny (s: IngestSummary): boolean {
  return s.mementos > 0 || s.duplicates > 0
}

function incompleteMessage (s: IngestSummary, published: boolean, existed: boolean): string {
  const unreadable = s.errors.filter(e => UNREADABLE_INPUT.has(e.code)).length
  const lost = s.errors.length - unreadable
  const what = [
    ...(unreadable > 0 ? [`${unreadable} input file(s) could not be read`] : []),
    ...(lost > 0 ? [`${lost} error(s) in the WARC data (damage, truncation, bytes that are not records) left what they cover out`] : [])
  ].join(', and ')
  const rest = published ? 'the rest was ingested and published' : existed ? 'nothing was ingested: the archive is unchanged' : 'nothing was ingested: no archive was created'
  return `${what}; ${rest} (the errors are listed above)`
}
