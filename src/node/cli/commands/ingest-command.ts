import { ingestIntoArchive, type IngestSource } from '../../../core/archive/ingest-into-archive.ts'
import { ArchiveRegistry } from '../../archive-registry.ts'
import { nodeHashers } from '../../node-hashers.ts'
import { useParseWorker, WarcParseWorker } from '../../ingest/parse-in-worker.ts'
import { openWarcFile } from '../../warc-file-source.ts'
import { flag, stringOption } from '../cli-args.ts'
import { exitCodeFor, InputFileError, UsageError } from '../cli-error.ts'
import { inputFileSizes } from '../input-file-sizes.ts'
import type { Command } from '../command.ts'
import { printJson } from '../command.ts'
import { ProgressBar } from '../progress-bar.ts'
import { withStore } from '../with-store.ts'

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
    let sizes: number[]
    try {
      sizes = await inputFileSizes(files)
    } catch (err) {
      // --json promises one JSON object on stdout, a failure included; the message also goes to stderr
      if (json && err instanceof InputFileError) printJson(ctx, { error: { code: err.name, exitCode: exitCodeFor(err), file: err.file, message: err.message } })
      throw err
    }
    await withStore(parsed, ctx, async (store) => {
      const registry = new ArchiveRegistry(store)
      // One writer from reading the root to publishing the new one, so a concurrent ingest's work is
      // never replaced (docs/storage.md, "Concurrent writers"); released when the store closes.
      await store.locks.archives.hold()
      if (await registry.get(name) == null) await registry.create(name)
      const { root } = await registry.root(name)
      const bar = ctx.stderr.isTTY === true && !json ? new ProgressBar(ctx.stderr, sizes.reduce((a, b) => a + b, 0)) : undefined
      let done = 0
      let current: { readonly fileBytesRead: number } | undefined
      const keepSecrets = flag(parsed, 'keep-secrets')
      const parser = useParseWorker(ctx.env.IPARO_INGEST_WORKER) ? new WarcParseWorker(keepSecrets) : undefined
      const started = (i: number): void => { done = sizes.slice(0, i).reduce((a, b) => a + b, 0) }
      let result
      try {
        result = await ingestIntoArchive({
          store: store.blocks,
          from: { root },
          hashers: nodeHashers,
          keepSecrets,
          sources: files.map((file, i): IngestSource => parser != null
            ? {
                name: file,
                items: (sink) => {
                  started(i)
                  const warc = parser.parse(file, file)
                  current = warc
                  return warc.items(sink)
                }
              }
            : {
                name: file,
                open: async () => {
                  started(i)
                  const warc = await openWarcFile(file)
                  current = warc
                  return warc.chunks
                }
              }),
          onProgress: (p) => bar?.update(p.records, done + (current?.fileBytesRead ?? 0))
        })
      } finally {
        await parser?.close()
      }
      bar?.done()
      // Only now, with every block stored, does the archive's name move to the new root.
      const record = await registry.setRoot(name, result.rootCid)
      const s = result.summary
      const report = {
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
      if (json) {
        printJson(ctx, report)
        return
      }
      const lines = [
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
      ctx.stdout.write(lines.join('\n') + '\n')
    })
  }
}
