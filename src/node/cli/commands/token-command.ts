import { NotFoundError } from '../../../core/errors.ts'
import { dataDir } from '../../data-dir.ts'
import { TokenStore } from '../../tokens/token-store.ts'
import { flag, stringOption, type Parsed } from '../cli-args.ts'
import { UsageError } from '../cli-error.ts'
import type { Command, CommandContext } from '../command.ts'
import { printJson } from '../command.ts'

type Sub = (tokens: TokenStore, args: string[], parsed: Parsed, ctx: CommandContext) => Promise<void>

const SUBCOMMANDS: Record<string, Sub> = {
  async create (tokens, args, parsed, ctx) {
    if (args.length > 0) throw new UsageError('usage: iparo token create [--label L] [--json]')
    const made = await tokens.create(stringOption(parsed, 'label'))
    if (flag(parsed, 'json')) printJson(ctx, { token: made.token, id: made.id })
    // the only time the token is ever shown: only its hash is kept
    else ctx.stdout.write(`${made.token}\n`)
    if (!flag(parsed, 'json')) ctx.stderr.write(`token ${made.id} created; it is shown only now (use it as Authorization: Bearer …)\n`)
  },
  async ls (tokens, args, parsed, ctx) {
    if (args.length > 0) throw new UsageError('usage: iparo token ls [--json]')
    const list = await tokens.list()
    if (flag(parsed, 'json')) printJson(ctx, list)
    else ctx.stdout.write(list.map(t => `${t.id}  ${t.created}  ${t.label ?? ''}`.trimEnd()).join('\n') + (list.length > 0 ? '\n' : 'no tokens: iparo token create\n'))
  },
  async revoke (tokens, args, parsed, ctx) {
    const [id] = args
    if (id == null || args.length > 1) throw new UsageError('usage: iparo token revoke ID')
    if (!await tokens.revoke(id)) throw new NotFoundError(`no token ${JSON.stringify(id)} here (iparo token ls lists them)`)
    if (flag(parsed, 'json')) printJson(ctx, { revoked: id })
    else ctx.stdout.write(`revoked ${id}\n`)
  }
}

export const tokenCommand: Command = {
  name: 'token',
  summary: 'make, list and revoke bearer tokens for this node\'s pinning service and Kubo RPC',
  usage: 'iparo token create [--label L] | ls | revoke ID',
  options: { label: { type: 'string' } },
  async run (parsed, ctx) {
    const [sub, ...args] = parsed.positionals
    const run = sub == null ? undefined : SUBCOMMANDS[sub]
    if (run == null) throw new UsageError(`usage: ${this.usage}`)
    await run(new TokenStore(dataDir(stringOption(parsed, 'data'), ctx.env)), args, parsed, ctx)
  }
}
