import { ArchiveRegistry } from '../../archive-registry.ts'
import { kuboTarget } from '../../kubo/kubo-target.ts'
import { pushArchive, type PushStep } from '../../kubo/push-archive.ts'
import { PushError } from '../../kubo/push-errors.ts'
import { flag, stringOption } from '../cli-args.ts'
import { UsageError } from '../cli-error.ts'
import type { Command, CommandContext } from '../command.ts'
import { printJson } from '../command.ts'
import { withStore } from '../with-store.ts'

const USAGE = 'iparo push ARCHIVE --kubo URL [--token T] [--json]'

function kuboUrl (value: string | undefined): string {
  if (value == null || value === '') throw new UsageError(`--kubo URL is required (a Kubo RPC endpoint, e.g. http://127.0.0.1:5001); usage: ${USAGE}`)
  let url: URL
  try {
    url = new URL(value)
  } catch (err) {
    throw new UsageError(`--kubo takes an http(s) URL, not ${JSON.stringify(value)}`, { cause: err })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--kubo takes an http(s) URL, not ${JSON.stringify(value)}`)
  return url.toString()
}

/** One line per step, as it happens. */
function printStep (ctx: CommandContext, step: PushStep): void {
  switch (step.step) {
    case 'target':
      ctx.stdout.write(`target ${step.id} (${step.agent === '' ? 'unnamed agent' : step.agent})\n`)
      return
    case 'blocks': {
      const b = step.blocks
      if (b.skipped === 'pinned') { ctx.stdout.write('blocks: none sent, the archive is pinned there already\n'); return }
      const notes = [`${b.present} of ${b.checked} asked about already there`]
      if (b.pinnedSubtrees > 0) notes.push(`${b.pinnedSubtrees} part(s) skipped, pinned there`)
      if (b.unchecked > 0) notes.push(`${b.unchecked} sent without asking`)
      ctx.stdout.write(`blocks: ${b.sent} sent (${b.bytes} bytes in ${b.cars} CAR(s)); ${notes.join('; ')}\n`)
      return
    }
    case 'pins':
      for (const pin of step.pins) ctx.stdout.write(pin.pinned ? `pinned ${pin.cid}\n` : `not pinned ${pin.cid}: ${pin.error ?? ''}\n`)
      return
    case 'record':
      ctx.stdout.write(step.record.put ? `record: put (sequence ${step.record.sequence ?? '?'})\n` : `record: not put, ${step.record.reason ?? ''}\n`)
  }
}

export const pushCommand: Command = {
  name: 'push',
  summary: 'upload an archive (the blocks the target lacks) and its IPNS record to a Kubo RPC endpoint',
  usage: USAGE,
  options: { kubo: { type: 'string' }, token: { type: 'string' } },
  async run (parsed, ctx) {
    const [archive, ...extra] = parsed.positionals
    if (archive == null || extra.length > 0) throw new UsageError(`usage: ${USAGE}`)
    const url = kuboUrl(stringOption(parsed, 'kubo'))
    // the environment keeps the token out of the process list and shell history
    const token = stringOption(parsed, 'token') ?? (ctx.env.IPARO_KUBO_TOKEN !== '' ? ctx.env.IPARO_KUBO_TOKEN : undefined)
    const json = flag(parsed, 'json')
    const target = kuboTarget(url, token)
    const report = await withStore(parsed, ctx, async (store) => {
      if (!json) ctx.stdout.write(`pushing ${archive} to ${url}\n`)
      return pushArchive({ blocks: store.blocks, registry: new ArchiveRegistry(store), archive, target, dataDir: store.dir, onStep: json ? undefined : (step) => { printStep(ctx, step) } })
    })
    if (json) printJson(ctx, report)
    if (!report.record.put && report.ipns != null) throw new PushError(`${url} refused the IPNS record of ${report.ipns}: ${report.record.reason ?? ''}`)
  }
}
