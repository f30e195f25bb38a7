import { ingestIntoArchive } from '../../../core/archive/ingest-into-archive.ts'
import { ArchiveRegistry } from '../../archive-registry.ts'
import type { EmbeddedStore } from '../../embedded-store.ts'
import { nodeHashers } from '../../node-hashers.ts'
import { useParseWorker, WarcParseWorker } from '../../ingest/parse-in-worker.ts'
import { flag, stringOption, type Parsed } from '../cli-args.ts'
import { exitCodeFor, InputFileError, UsageError } from '../cli-error.ts'
import { inputFileSizes } from '../input-file-sizes.ts'
import type { Command, CommandContext } from '../command.ts'
import { printJson } from '../command.ts'
import { ProgressBar } from '../progress-bar.ts'
import { withStore } from '../with-store.ts'
import { ingestReport, ingestReportLines } from './ingest-report.ts'
import { ingestSources } from './ingest-sources.ts'

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'turn WARC files (.warc, .warc.gz) into IPAROs in an archive and publish its new state',
  usage: 'iparo ingest <files…> [--archive NAME] [--keep-secrets] [--json]',
  options: { archive: { type: 'string' }, 'keep-secrets': { type: 'boolean' } },
  async run (parsed, ctx) {
    const files = parsed.positionals
    if (files.length === 0) throw new UsageError('no WARC files given')
    const name = stringOption(parsed, 'archive') ?? 'default'
    const json = flag(parsed, 'json')
    const sizes = await fileSizes(files, json, ctx)
    await withStore(parsed, ctx, async (store) => { await ingestFiles({ store, parsed, ctx, name, json, files, sizes }) })
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
}

/** Ingests the files into the named archive (created when new), publishes its new root and reports. */
async function ingestFiles ({ store, parsed, ctx, name, json, files, sizes }: IngestFilesOptions): Promise<void> {
  const registry = new ArchiveRegistry(store)
  // One writer from reading the root to publishing the new one, so a concurrent ingest's work is
  // never replaced (docs/storage.md, "Concurrent writers"); released when the store closes.
  await store.locks.archives.hold()
  if (await registry.get(name) == null) await registry.create(name)
  const { root } = await registry.root(name)
  const bar = ctx.stderr.isTTY === true && !json ? new ProgressBar(ctx.stderr, sizes.reduce((a, b) => a + b, 0)) : undefined
  const keepSecrets = flag(parsed, 'keep-secrets')
  const parser = useParseWorker(ctx.env.IPARO_INGEST_WORKER) ? new WarcParseWorker(keepSecrets) : undefined
  let result
  try {
    const { sources, onProgress } = ingestSources(files, sizes, parser, bar)
    result = await ingestIntoArchive({ store: store.blocks, from: { root }, hashers: nodeHashers, keepSecrets, sources, onProgress })
  } finally {
    await parser?.close()
  }
  bar?.done()
  // Only now, with every block stored, does the archive's name move to the new root.
  const record = await registry.setRoot(name, result.rootCid)
  if (json) {
    printJson(ctx, ingestReport(name, record, result.summary))
    return
  }
  ctx.stdout.write(ingestReportLines(name, record, result.summary).join('\n') + '\n')
}
