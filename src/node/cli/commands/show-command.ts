import { readIparo } from '../../../core/iparo/iparo-root.ts'
import type { Command } from '../command.ts'
import { printJson } from '../command.ts'
import { parseCidArg } from '../parse-cid.ts'
import { withStore } from '../with-store.ts'

export const showCommand: Command = {
  name: 'show',
  summary: 'print the decoded header of an IPARO (one block read)',
  usage: 'iparo show <cid> [--json]',
  options: {},
  async run (parsed, ctx) {
    const cid = parseCidArg(parsed.positionals[0])
    await withStore(parsed, ctx, async (store) => {
      const iparo = await readIparo(store.blocks, cid)
      if (parsed.values.json === true) {
        printJson(ctx, { cid: cid.toString(), length: iparo.length, header: iparo.header })
        return
      }
      const h = iparo.header
      const lines = [
        `cid       ${cid.toString()}`,
        `type      ${h.type} (from a WARC ${h.record.type} record, ${h.record.warc})`,
        `uri       ${h.uri}`,
        `datetime  ${h.datetime}`,
        `status    ${h.status ?? '-'}    mime ${h.mime ?? '-'}    method ${h.method ?? '-'}`,
        ...(h.title != null ? [`title     ${h.title}`] : []),
        `length    ${iparo.length} bytes in ${h.pieces.length} pieces: ${h.pieces.map(p => `${p.role} ${p.length}`).join(', ')}`,
        `payload   ${h.digests.computed ?? '(none)'}${h.digests.declared != null ? `  declared ${h.digests.declared}${h.digests.declaredMatches === false ? ' (does NOT match)' : ''}` : ''}`,
        `seq       ${h.seq}`,
        ...h.links.map(l => `link      ${l.role.padEnd(9)} seq ${String(l.seq).padEnd(6)} ${l.datetime}  ${l.cid}`),
        ...(h.revisit != null ? [`revisit   ${h.revisit.resolved ? 'resolved' : 'UNRESOLVED'}${h.revisit.refersTo != null ? ` refers to ${h.revisit.refersTo}` : ''}`] : []),
        ...(h.redacted != null ? [`redacted  ${h.redacted.join(', ')}`] : []),
        ...(h.reconstructed != null ? [`rebuilt   ${h.reconstructed.join(', ')} (what the source, e.g. a HAR, did not hold: docs/formats.md)`] : []),
        ...(h.warnings ?? []).map(w => `warning   ${w}`)
      ]
      ctx.stdout.write(lines.join('\n') + '\n')
    })
  }
}
