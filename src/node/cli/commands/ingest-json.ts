import type { IngestSummary } from '../../../core/ingest/ingest-run.ts'
import { summaryList, type ListName } from '../../../core/ingest/summary-lists.ts'
import type { IngestListSpill } from '../../ingest/ingest-list-spill.ts'
import type { CommandContext } from '../command.ts'

/** Where each growing list sits in `ingestReport`'s object. */
const PLACES: Array<{ list: ListName, at: string[] }> = [
  { list: 'iparos', at: ['iparos'] },
  { list: 'warnings', at: ['warnings'] },
  { list: 'errors', at: ['errors'] },
  { list: 'unresolved', at: ['revisits', 'unresolvedList'] }
]

const marker = (list: ListName): string => `\u0000list:${list}`
// JSON.stringify writes the NUL as an escape: nothing in a report's own strings can look like this
const MARKERS = /"\\u0000list:(iparos|warnings|errors|unresolved)"/

/**
 * Prints the `--json` report. When the summary kept only the first items of a list (a large ingest),
 * that list is streamed from the spill instead, one item per line, with back-pressure: the output is
 * the same JSON document, and memory stays bounded whatever its size.
 */
export async function printIngestJson (ctx: CommandContext, report: Record<string, unknown>, s: IngestSummary, spill: IngestListSpill | undefined): Promise<void> {
  const cut = PLACES.filter(p => s.listed[p.list] > summaryList(s, p.list).length)
  if (cut.length === 0 || spill == null) {
    ctx.stdout.write(JSON.stringify(report, null, 2) + '\n')
    return
  }
  const marked = structuredClone(report)
  for (const { list, at } of cut) setAt(marked, at, marker(list))
  const parts = (JSON.stringify(marked, null, 2) + '\n').split(MARKERS)
  const encoder = new TextEncoder()
  await ctx.pipeOut((async function * () {
    // split with a capture group: text, list name, text, list name, …, text
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? ''
      if (i % 2 === 0) {
        yield encoder.encode(part)
        continue
      }
      let first = true
      let chunk = '['
      for await (const item of spill.items(part as ListName)) {
        chunk += (first ? '\n' : ',\n') + JSON.stringify(item)
        first = false
        if (chunk.length >= 65_536) {
          yield encoder.encode(chunk)
          chunk = ''
        }
      }
      yield encoder.encode(chunk + (first ? ']' : '\n]'))
    }
  })())
}

function setAt (value: Record<string, unknown>, at: string[], to: unknown): void {
  let node: Record<string, unknown> = value
  for (const key of at.slice(0, -1)) node = node[key] as Record<string, unknown>
  node[at[at.length - 1] as string] = to
}
