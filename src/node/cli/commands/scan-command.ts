import { NotFoundError } from '../../../core/errors.ts'
import { parseNamespaceOption, type NamespaceLayout } from '../../../core/namespace/namespace-layout.ts'
import { scanNamespaces, scanReport, type NamespaceScan } from '../../../core/namespace/namespace-scan.ts'
import { ArchiveRegistry } from '../../archive-registry.ts'
import { localLayouts } from '../../namespace/scan-layouts.ts'
import { embeddedCandidates } from '../../namespace/scan-store.ts'
import { stringOption } from '../cli-args.ts'
import { UsageError } from '../cli-error.ts'
import type { Command, CommandContext } from '../command.ts'
import { printJson } from '../command.ts'
import { withStore } from '../with-store.ts'

export const scanCommand: Command = {
  name: 'scan',
  summary: 'every memento of URL held here, found by its CID namespace (no archive, no index)',
  usage: 'iparo scan URL [--namespace BITS:URLBITS] [--json]',
  details: [
    'Lists the IPAROs of URL in the data folder whose CIDs are in its namespace (docs/namespacing.md):',
    'the block store\'s keys are scanned for the URL\'s prefix, each candidate\'s header is read and',
    'checked, and the rest (other URLs, other blocks, forged claims) are counted as collisions.',
    'Layouts scanned: --namespace, else those the local archives record, else 6:10.',
    'Exit codes: 0 mementos found; 1 none found (the list is still printed) or the scan failed;',
    '2 the command line is wrong.'
  ].join('\n'),
  options: { namespace: { type: 'string' } },
  async run (parsed, ctx) {
    const [url, ...extra] = parsed.positionals
    if (url == null || extra.length > 0) throw new UsageError(`usage: ${scanCommand.usage}`)
    const option = stringOption(parsed, 'namespace')
    // a bad layout is the command line's mistake, found before the data folder is opened
    const named = option == null ? undefined : [parseLayout(option)]
    const found = await withStore(parsed, ctx, async (store) => {
      const layouts = named ?? await localLayouts(new ArchiveRegistry(store), store.blocks)
      return scanNamespaces(url, layouts, embeddedCandidates(store), store.blocks)
    })
    const report = scanReport(found)
    const layouts = found.layouts.map(l => `${l.bits}:${l.urlBits}`).join(', ')
    if (parsed.values.json === true) printJson(ctx, report)
    else printText(ctx, report, layouts)
    // as `iparo timemap` for a URL not archived: a failure, once the (empty) answer is out
    if (report.mementos.length === 0) throw new NotFoundError(`no memento of ${url} is held here in namespace ${layouts}`)
  }
}

function parseLayout (text: string): NamespaceLayout {
  let layout: NamespaceLayout
  try {
    layout = parseNamespaceOption(text)
  } catch (err) {
    throw new UsageError((err as Error).message, { cause: err })
  }
  // every block has the empty prefix: such a scan would read the whole store
  if (layout.bits + layout.urlBits === 0) throw new UsageError('--namespace 0 names no namespace: give BITS[:URLBITS] with at least one bit')
  return layout
}

function printText (ctx: CommandContext, report: NamespaceScan, layouts: string): void {
  const lines = report.mementos.map(m => `${m.datetime}  ${m.cid}`)
  lines.push(`${report.mementos.length} mementos, ${report.candidates} candidates, ${report.collisions} collisions (namespace ${layouts})`)
  ctx.stdout.write(lines.join('\n') + '\n')
}
