import { fromEpochMs } from '../../core/datetime.ts'
import { addFilesToArchive } from '../../core/files/add-files-to-archive.ts'
import { ArchiveRegistry } from '../archive-registry.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import { ingestTarget } from '../ingest/ingest-target.ts'
import { printJson, type CommandContext } from '../cli/command.ts'
import { exitCodeFor, IngestIncompleteError } from '../cli/cli-error.ts'
import { storeFileIparo, type StoredFile } from './store-file-iparo.ts'

export interface AsFilesOptions {
  store: EmbeddedStore
  ctx: CommandContext
  /** the archive's name */
  name: string
  json: boolean
  files: string[]
  now?: () => number
}

/**
 * `iparo ingest --as-file`: each file becomes one whole-file IPARO (docs/whole-file-iparos.md), listed
 * under the archive root's `files`; the URL map is left as it was. Published once every file is stored;
 * a file that cannot be indexed stops the command before anything is published.
 */
export async function ingestAsFiles ({ store, ctx, name, json, files, now = Date.now }: AsFilesOptions): Promise<void> {
  const registry = new ArchiveRegistry(store)
  await store.locks.archives.hold()
  const target = await ingestTarget(registry, name)
  const stored: StoredFile[] = []
  for (const path of files) stored.push(await storeWhole(store, path, json ? ctx : undefined))
  const items = stored.map(f => ({ iparo: f.iparo, index: f.index, name: f.name }))
  const { cid } = await addFilesToArchive(store.blocks, target.from, items, fromEpochMs(now()))
  const record = await target.publish(cid)
  const listed = stored.map(f => ({ name: f.name, iparo: f.iparo.toString(), index: f.index.toString(), size: f.size, records: f.records, indexed: f.indexed, skipped: f.skipped }))
  if (json) {
    printJson(ctx, { archive: name, ipns: record.ipns, root: record.root, published: true, exitCode: 0, files: listed })
    return
  }
  ctx.stdout.write([
    `${name}: ${stored.length} file(s) stored whole`,
    ...listed.map(f => `  ${f.name}: ${f.iparo} (${f.indexed} of ${f.records} records indexed, ${f.size} bytes)`),
    `  root ${record.root}`,
    `  ipns ${record.ipns}`
  ].join('\n') + '\n')
}

/** A file that cannot be stored whole (not a WARC, damaged, whole-file gzip) stops the run: exit 65, nothing published. */
async function storeWhole (store: EmbeddedStore, path: string, jsonTo: CommandContext | undefined): Promise<StoredFile> {
  try {
    return await storeFileIparo(store.blocks, path)
  } catch (err) {
    if (err instanceof Error && (err.name === 'WarcFormatError' || err.name === 'InvalidInputError')) {
      const failure = new IngestIncompleteError(`${path}: ${err.message}; nothing was ingested`, { cause: err })
      // --json promises one JSON object on stdout, a failure included
      if (jsonTo != null) printJson(jsonTo, { error: { code: err.name, exitCode: exitCodeFor(failure), file: path, message: err.message }, published: false })
      throw failure
    }
    throw err
  }
}
