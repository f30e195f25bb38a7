import { readIparo } from '../../../core/iparo/iparo-root.ts'
import { readFileBytes } from '../../../core/iparo/iparo-reader.ts'
import type { Command } from '../command.ts'
import { parseCidArg } from '../parse-cid.ts'
import { withStore } from '../with-store.ts'

export const catCommand: Command = {
  name: 'cat',
  summary: "write an IPARO's bytes (a WARC file) to stdout, every block verified",
  usage: 'iparo cat <cid> > memento.warc',
  options: {},
  async run (parsed, ctx) {
    const cid = parseCidArg(parsed.positionals[0])
    await withStore(parsed, ctx, async (store) => {
      // Decoding the root first refuses what is not an IPARO before a byte is written.
      await readIparo(store.blocks, cid)
      await ctx.pipeOut(readFileBytes(store.blocks, cid))
    })
  }
}
