import type { CID } from 'multiformats/cid'
import { parseUserDatetime } from '../../../core/datetime.ts'
import type { ExportSelection } from '../../../core/export/export-order.ts'
import { readArchiveRoot } from '../../../core/archive/archive-root.ts'
import { isIpnsName } from '../../../core/naming/ipns-name.ts'
import { ArchiveRegistry } from '../../archive-registry.ts'
import type { EmbeddedStore } from '../../embedded-store.ts'
import { writeCarFile } from '../../export/car-file.ts'
import { asOutputError } from '../../export/export-output-error.ts'
import type { LineSorter } from '../../export/line-sorter.ts'
import { writeWaczFile } from '../../export/wacz-file.ts'
import { indexWithoutWarc, linePieces, writeCdxjFile, writeWarcFile } from '../../export/warc-file.ts'
import { SOFTWARE } from '../../software.ts'
import { flag, stringOption, type Parsed } from '../cli-args.ts'
import { UsageError } from '../cli-error.ts'
import type { Command, CommandContext } from '../command.ts'
import { printJson } from '../command.ts'
import { parseCidArg } from '../parse-cid.ts'
import { withStore } from '../with-store.ts'

const DETAILS = `Exactly one output format:
  --car FILE     CAR v1 of an IPARO, any DAG, or a whole archive (its root reaches every version)
  --warc FILE    the archive as one WARC: per memento its IPARO header (a metadata record), its
                 response/resource record (a revisit resolved at ingest is written as a revisit of
                 the record exported before it with the same payload) and its request record.
                 Per-record gzip when FILE ends in .gz, plain WARC otherwise. Re-ingesting it into
                 a new archive gives the same IPARO CIDs (docs/export.md says when not).
  --wacz FILE    WACZ 1.1.1: archive/data.warc.gz, indexes/index.cdx.gz + index.idx (ZipNum CDXJ),
                 pages/pages.jsonl, datapackage.json, datapackage-digest.json (unsigned)
  --cdxj [FILE]  pywb's CDXJ index, sorted; to stdout without FILE. With --warc its offsets and
                 lengths point into that WARC; alone it has none (each line names its IPARO CID).
Which mementos (WARC, WACZ, CDXJ): every version (default, in the order the archive appended them),
  --latest       the latest memento of each URL, or
  --at DATETIME  the memento of each URL closest to DATETIME (14 digits or ISO 8601).
Output files are written under a temporary name and renamed once complete.`

interface ExportRequest {
  target: string
  car?: string
  warc?: string
  wacz?: string
  /** true: CDXJ to stdout; a string: its file */
  cdxj?: string | true
  selection: ExportSelection
}

/** Reads and checks the command line: one output format, a selection only where it applies. */
function exportRequest (parsed: Parsed): ExportRequest {
  const [target, cdxjFile, ...extra] = parsed.positionals
  if (target == null) throw new UsageError('missing <cid|archive>')
  const cdxj = flag(parsed, 'cdxj') ? cdxjFile ?? true : undefined
  if (extra.length > 0 || (cdxjFile != null && cdxj == null)) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0] ?? cdxjFile)}`)
  const request: ExportRequest = { target, car: stringOption(parsed, 'car'), warc: stringOption(parsed, 'warc'), wacz: stringOption(parsed, 'wacz'), cdxj, selection: selectionOf(parsed) }
  const formats = [request.car, request.warc, request.wacz].filter(f => f != null).length
  if (formats + (cdxj != null && request.warc == null ? 1 : 0) !== 1) throw new UsageError('give exactly one of --car FILE, --warc FILE, --wacz FILE, --cdxj [FILE] (--cdxj may go with --warc)')
  if (request.car != null && request.selection.kind !== 'all') throw new UsageError('--at and --latest choose mementos for --warc, --wacz and --cdxj, not --car')
  return request
}

function selectionOf (parsed: Parsed): ExportSelection {
  const at = stringOption(parsed, 'at')
  if (at != null && flag(parsed, 'latest')) throw new UsageError('give --at or --latest, not both')
  if (flag(parsed, 'latest')) return { kind: 'latest' }
  return at != null ? { kind: 'at', at: parseUserDatetime(at) } : { kind: 'all' }
}

/** An archive as the user names it: local name, IPNS name held here, DNSLink name, or root CID. */
async function archiveRoot (store: EmbeddedStore, target: string): Promise<CID> {
  const { rootCid } = await new ArchiveRegistry(store).resolve(target)
  return rootCid
}

/** CAR roots: an archive's root (which reaches every version through the ingest log) or any CID. */
async function carRoots (store: EmbeddedStore, target: string): Promise<CID[]> {
  const registry = new ArchiveRegistry(store)
  if (await registry.get(target) != null || isIpnsName(target)) return [(await registry.resolve(target)).rootCid]
  return [parseCidArg(target)]
}

async function runExport (store: EmbeddedStore, request: ExportRequest, ctx: CommandContext): Promise<Record<string, unknown>> {
  const out = request.car ?? request.warc ?? request.wacz ?? (typeof request.cdxj === 'string' ? request.cdxj : '-')
  try {
    if (request.car != null) {
      const roots = await carRoots(store, request.target)
      await writeCarFile(store.blocks, roots, request.car, store.dir)
      return { roots: roots.map(String), car: request.car }
    }
    const root = await archiveRoot(store, request.target)
    if (request.wacz != null) {
      const manifest = (await readArchiveRoot(store.blocks, root)).manifest
      const result = await writeWaczFile(store.blocks, root, request.wacz, { selection: request.selection, dataDir: store.dir, info: { title: manifest.title, description: manifest.description, software: SOFTWARE } })
      return { root: root.toString(), wacz: request.wacz, ...result }
    }
    if (request.warc != null) {
      const result = await writeWarcFile(store.blocks, root, request.warc, { selection: request.selection, dataDir: store.dir })
      await writeIndex(request.cdxj, result.index, ctx).finally(async () => { await result.index.close() })
      return { root: root.toString(), warc: request.warc, mementos: result.mementos, bytes: result.bytes, ...(request.cdxj != null ? { cdxj: request.cdxj === true ? '-' : request.cdxj } : {}) }
    }
    const index = await indexWithoutWarc(store.blocks, root, request.selection, store.dir)
    await writeIndex(request.cdxj, index, ctx).finally(async () => { await index.close() })
    return { root: root.toString(), cdxj: request.cdxj === true ? '-' : request.cdxj, lines: index.count }
  } catch (err) {
    throw asOutputError(err, out)
  }
}

/** The sorted index lines to their file, or to stdout. */
async function writeIndex (cdxj: string | true | undefined, index: LineSorter, ctx: CommandContext): Promise<void> {
  if (cdxj == null) return
  if (cdxj !== true && cdxj !== '-') return writeCdxjFile(cdxj, index.sorted())
  await ctx.pipeOut(linePieces(index.sorted()))
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'write an archive as WARC, WACZ or CDXJ, or a CAR v1 of an IPARO, any DAG or a whole archive',
  usage: 'iparo export <cid|archive> --car|--warc|--wacz FILE | --cdxj [FILE]',
  details: DETAILS,
  options: { car: { type: 'string' }, warc: { type: 'string' }, wacz: { type: 'string' }, cdxj: { type: 'boolean' }, at: { type: 'string' }, latest: { type: 'boolean' } },
  async run (parsed, ctx) {
    const request = exportRequest(parsed)
    await withStore(parsed, ctx, async (store) => {
      const started = performance.now()
      const summary = await runExport(store, request, ctx)
      const seconds = (performance.now() - started) / 1000
      const toStdout = request.cdxj === true || request.cdxj === '-'
      if (parsed.values.json === true && !toStdout) printJson(ctx, { ...summary, seconds })
      else if (!toStdout) ctx.stdout.write(`exported ${describe(summary)} in ${seconds.toFixed(2)} s\n`)
      else ctx.stderr.write(`exported ${describe(summary)} in ${seconds.toFixed(2)} s\n`)
    })
  }
}

function describe (summary: Record<string, unknown>): string {
  if (summary.car != null) return `${(summary.roots as string[]).join(', ')} to ${String(summary.car)}`
  const what = summary.mementos != null ? `${String(summary.mementos)} mementos` : `${String(summary.lines)} index lines`
  const to = [summary.wacz, summary.warc, summary.cdxj].filter(v => v != null).map(String).join(' and ')
  return `${what} of ${String(summary.root)} to ${to}`
}
