import { timemapAnnotations } from '../../../core/annotations/annotations-api.ts'
import { ArchiveReader } from '../../../core/archive/archive-reader.ts'
import { parseUserDatetime } from '../../../core/datetime.ts'
import { NotFoundError } from '../../../core/errors.ts'
import { ArchiveRegistry } from '../../archive-registry.ts'
import { stringOption, type Parsed } from '../cli-args.ts'
import { UsageError } from '../cli-error.ts'
import type { Command, CommandContext } from '../command.ts'
import { printJson } from '../command.ts'
import { withStore } from '../with-store.ts'

async function openUrl<T> (parsed: Parsed, ctx: CommandContext, fn: (reader: ArchiveReader, url: string) => Promise<T>): Promise<T> {
  const [archive, url] = parsed.positionals
  if (archive == null || url == null) throw new UsageError('usage: iparo resolve|timemap ARCHIVE URL')
  return withStore(parsed, ctx, async (store) => {
    const { rootCid } = await new ArchiveRegistry(store).resolve(archive)
    return fn(await ArchiveReader.open(store.blocks, rootCid), url)
  })
}

export const resolveCommand: Command = {
  name: 'resolve',
  summary: 'the memento of URL closest to a datetime (latest without --at), from the archive alone',
  usage: 'iparo resolve ARCHIVE URL [--at DATETIME] [--json]',
  options: { at: { type: 'string' } },
  async run (parsed, ctx) {
    const atText = stringOption(parsed, 'at')
    const at = atText == null ? undefined : parseUserDatetime(atText)
    await openUrl(parsed, ctx, async (reader, url) => {
      const entry = await reader.lookup(url)
      if (entry == null) throw new NotFoundError(`${url} is not in this archive`)
      const result = await reader.resolve(entry, at)
      if (result.memento == null) throw new NotFoundError(`no reachable memento of ${url} (unreachable: ${result.unreachable.join(', ') || 'none'})`)
      const out = { cid: result.memento.cid, datetime: result.memento.datetime, url: entry.url, fetches: result.fetches, complete: result.complete, unreachable: result.unreachable }
      if (parsed.values.json === true) printJson(ctx, out)
      else ctx.stdout.write(`${out.datetime}  ${out.cid}  ${out.url}  (${out.fetches} fetches)\n`)
    })
  }
}

export const timemapCommand: Command = {
  name: 'timemap',
  summary: 'every memento of URL, from its version index (or, without one, its version links)',
  usage: 'iparo timemap ARCHIVE URL [--json]',
  options: {},
  async run (parsed, ctx) {
    await openUrl(parsed, ctx, async (reader, url) => {
      const entry = await reader.lookup(url)
      if (entry == null) throw new NotFoundError(`${url} is not in this archive`)
      const tm = await reader.timemap(entry)
      if (parsed.values.json === true) {
        const notes = await timemapAnnotations(reader, tm.mementos)
        printJson(ctx, { ...tm, mementos: tm.mementos.map(m => ({ ...m, ...(notes.has(m.cid) ? { annotations: notes.get(m.cid) } : {}) })) })
      }
      else ctx.stdout.write(tm.mementos.map(m => `${m.datetime}  ${m.cid}`).join('\n') + `\n${tm.mementos.length} mementos, ${tm.complete ? 'complete' : `INCOMPLETE (unreachable: ${tm.unreachable.join(', ')})`}, ${tm.fetches} fetches\n`)
    })
  }
}
