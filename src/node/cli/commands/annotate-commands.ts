import { CID } from 'multiformats/cid'
import { ArchiveReader } from '../../../core/archive/archive-reader.ts'
import { notesReply } from '../../../core/annotations/annotations-api.ts'
import { ArchiveRegistry } from '../../archive-registry.ts'
import { annotateLocalArchive, archivesHolding, localArchive } from '../../serve/annotate-local-archive.ts'
import type { EmbeddedStore } from '../../embedded-store.ts'
import { flag, stringOption, type Parsed } from '../cli-args.ts'
import { UsageError } from '../cli-error.ts'
import { parseCidArg } from '../parse-cid.ts'
import type { Command, CommandContext } from '../command.ts'
import { printJson } from '../command.ts'
import { withStore } from '../with-store.ts'
import { DEFAULT_PORT } from './serve-command.ts'

const DEFAULT_ORIGIN = `http://127.0.0.1:${DEFAULT_PORT}`

/** The archive to write to: --archive, else the one local archive that holds the memento. */
async function chooseArchive (store: EmbeddedStore, registry: ArchiveRegistry, parsed: Parsed, target: string): Promise<string> {
  const named = stringOption(parsed, 'archive')
  if (named != null) return named
  const holding = await archivesHolding(store, registry, target)
  if (holding.length === 1 && holding[0] != null) return holding[0].name
  if (holding.length === 0) throw new UsageError(`no local archive holds memento ${target}: name one with --archive`)
  throw new UsageError(`archives ${holding.map(a => a.name).join(', ')} all hold memento ${target}: choose one with --archive`)
}

function replayOrigin (parsed: Parsed): string {
  const text = stringOption(parsed, 'replay-origin') ?? DEFAULT_ORIGIN
  if (!URL.canParse(text)) throw new UsageError(`--replay-origin takes a URL, not ${JSON.stringify(text)}`)
  return new URL(text).origin
}

export const annotateCommand: Command = {
  name: 'annotate',
  summary: 'add a note (a W3C Web Annotation IPARO) to a memento and publish the archive\'s new state',
  usage: 'iparo annotate CID --text TEXT [--archive NAME] [--replay-origin URL] [--json]',
  details: [
    'CID is the memento\'s IPARO (as `iparo timemap --json` or the TimeMap JSON lists it). Without --archive,',
    'the note goes to the one local archive whose URL map reaches that memento. The memento is never changed:',
    'the note is a new IPARO in the archive\'s annotation index (docs/annotations.md). Its URI-M names the archive',
    `by IPNS name under --replay-origin (default ${DEFAULT_ORIGIN}, where \`iparo serve\` listens).`
  ].join('\n'),
  options: { archive: { type: 'string' }, text: { type: 'string' }, 'replay-origin': { type: 'string' } },
  async run (parsed, ctx) {
    const [target, ...extra] = parsed.positionals
    if (target == null || extra.length > 0) throw new UsageError('usage: iparo annotate CID --text TEXT')
    const text = stringOption(parsed, 'text')
    if (text == null) throw new UsageError('--text is required')
    const origin = replayOrigin(parsed)
    await withStore(parsed, ctx, async (store) => {
      const registry = new ArchiveRegistry(store)
      const archive = await chooseArchive(store, registry, parsed, target)
      const { record, annotation } = await annotateLocalArchive(store, registry, { archive, target, text, replayOrigin: origin })
      const out = { archive: record.name, ipns: record.ipns, root: record.root, annotation: { cid: annotation.cid, datetime: annotation.header.datetime, target: annotation.header.target, uri: annotation.header.uri } }
      if (flag(parsed, 'json')) printJson(ctx, out)
      else ctx.stdout.write(`annotation ${out.annotation.cid} on ${target} in ${record.name}; published root ${record.root}\n`)
    })
  }
}

export const annotationsCommand: Command = {
  name: 'annotations',
  summary: 'the notes of one memento, read and checked from the archive',
  usage: 'iparo annotations ARCHIVE CID [--json]',
  options: {},
  async run (parsed, ctx) {
    const [archive, target] = parsed.positionals
    if (archive == null || target == null) throw new UsageError('usage: iparo annotations ARCHIVE CID')
    await withStore(parsed, ctx, async (store) => {
      const record = await localArchive(new ArchiveRegistry(store), archive)
      const reply = await notesReply(await ArchiveReader.open(store.blocks, CID.parse(record.root)), parseCidArg(target, 'memento CID').toString())
      if (flag(parsed, 'json')) printJson(ctx, reply)
      else writeNotes(ctx, reply.annotations, reply.unreadable.length)
    })
  }
}

function writeNotes (ctx: CommandContext, notes: Array<{ cid: string, datetime: string, text: string }>, unreadable: number): void {
  for (const n of notes) ctx.stdout.write(`${n.datetime}  ${n.cid}\n  ${n.text.replace(/\n/g, '\n  ')}\n`)
  ctx.stdout.write(`${notes.length} note(s)${unreadable > 0 ? `, ${unreadable} unreadable (see --json)` : ''}\n`)
}
