import { dataDir } from '../../data-dir.ts'
import { publishArchive, type PublishReport, type TargetResult } from '../../publish/publish-archive.ts'
import { PublishFailedError, RouterListError } from '../../publish/publish-errors.ts'
import { DEFAULT_ROUTERS, normalizeRouterUrl, readRouters, resetRouters, writeRouters } from '../../publish/router-list.ts'
import { flag, stringOption, type Parsed } from '../cli-args.ts'
import { UsageError } from '../cli-error.ts'
import type { Command, CommandContext } from '../command.ts'
import { printJson } from '../command.ts'
import { withStore } from '../with-store.ts'

export const DEFAULT_TIMEOUT_SECONDS = 30

function timeoutMs (parsed: Parsed): number {
  const text = stringOption(parsed, 'timeout')
  if (text == null) return DEFAULT_TIMEOUT_SECONDS * 1000
  const seconds = Number(text)
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout takes a number of seconds above 0, not ${JSON.stringify(text)}`)
  return seconds * 1000
}

function routersOption (parsed: Parsed): string[] | undefined {
  const value = parsed.values.router
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : []
  return list.length > 0 ? asUsage(() => list.map(normalizeRouterUrl)) : undefined
}

/** A router URL typed wrong is a mistake on the command line (exit 2), not a failed operation. */
function asUsage<T> (fn: () => T): T {
  try {
    return fn()
  } catch (err) {
    if (err instanceof RouterListError) throw new UsageError(err.message, { cause: err })
    throw err
  }
}

/** The line `iparo publish` prints for one target, as it answers. */
export function describeResult (r: TargetResult): string {
  const held = r.outcome === 'held'
  if (r.kind === 'dht') {
    if (r.ok) return `dht via running node ${r.via ?? ''} ok (sequence ${r.sequence}${held ? '; the node already held it and keeps it in the DHT' : ''})`
    if (r.error?.startsWith('cannot connect (connection refused') === true) return `dht: no node running (node.json names ${r.via ?? ''}, which does not answer; start iparo serve)`
    return `dht via running node ${r.via ?? ''} failed: ${r.error ?? ''}`
  }
  if (r.ok) return `router ${r.target} ok (sequence ${r.sequence}${held ? '; it already held this record or a newer one' : ''})`
  return `router ${r.target} failed: ${r.error ?? ''}`
}

function dhtLine (report: PublishReport): string | undefined {
  if (report.dht === 'no-node') return 'dht: no node running (start iparo serve)'
  if (report.dht === 'offline') return 'dht: the running node is offline (iparo serve --offline): no DHT to put it in'
  return undefined
}

export const publishCommand: Command = {
  name: 'publish',
  summary: 'send an archive\'s signed IPNS record to delegated routers and, through a running node, the DHT',
  usage: 'iparo publish ARCHIVE [--router URL]… [--timeout SECONDS (default 30)]',
  options: { router: { type: 'string', multiple: true }, timeout: { type: 'string' } },
  async run (parsed, ctx) {
    const [ref, ...extra] = parsed.positionals
    if (ref == null || extra.length > 0) throw new UsageError(`usage: ${this.usage}`)
    const json = flag(parsed, 'json')
    const routers = routersOption(parsed) ?? await readRouters(dataDir(stringOption(parsed, 'data'), ctx.env))
    const ms = timeoutMs(parsed)
    const report = await withStore(parsed, ctx, async (store) => publishArchive(store, ref, {
      routers,
      timeoutMs: ms,
      onResult: (r) => { if (!json) ctx.stdout.write(describeResult(r) + '\n') }
    }))
    const dht = dhtLine(report)
    if (json) printJson(ctx, report)
    else {
      if (dht != null) ctx.stdout.write(dht + '\n')
      if (report.resigned != null) ctx.stderr.write(`signed a new record (sequence ${report.sequence}) first: the one held ${report.resigned}\n`)
    }
    if (!report.results.some(r => r.ok)) throw new PublishFailedError(`no target took the record for ${report.ipns}` + (routers.length === 0 ? ' (no routers are set: iparo routers set URL…)' : ''))
  }
}

type Sub = (dir: string, args: string[], parsed: Parsed, ctx: CommandContext) => Promise<void>

const show = (ctx: CommandContext, parsed: Parsed, routers: string[]): void => {
  if (flag(parsed, 'json')) printJson(ctx, { routers })
  else ctx.stdout.write(routers.length > 0 ? routers.join('\n') + '\n' : 'no routers: iparo publish sends to the DHT only (iparo routers reset restores the default)\n')
}

const ROUTER_SUBCOMMANDS: Record<string, Sub> = {
  async ls (dir, args, parsed, ctx) {
    if (args.length > 0) throw new UsageError('usage: iparo routers ls')
    show(ctx, parsed, await readRouters(dir))
  },
  async set (dir, args, parsed, ctx) {
    if (args.length === 0) throw new UsageError('usage: iparo routers set URL… (iparo routers clear for none)')
    asUsage(() => args.map(normalizeRouterUrl))
    show(ctx, parsed, await writeRouters(dir, args))
  },
  async clear (dir, args, parsed, ctx) {
    if (args.length > 0) throw new UsageError('usage: iparo routers clear')
    show(ctx, parsed, await writeRouters(dir, []))
  },
  async reset (dir, args, parsed, ctx) {
    if (args.length > 0) throw new UsageError('usage: iparo routers reset')
    await resetRouters(dir)
    show(ctx, parsed, [...DEFAULT_ROUTERS])
  }
}

export const routersCommand: Command = {
  name: 'routers',
  summary: `the delegated routers iparo publish sends to (routers.json; default ${DEFAULT_ROUTERS.join(', ')})`,
  usage: 'iparo routers [ls] | set URL… | clear | reset',
  options: {},
  async run (parsed, ctx) {
    const [sub = 'ls', ...args] = parsed.positionals
    const run = ROUTER_SUBCOMMANDS[sub]
    if (run == null) throw new UsageError(`usage: ${this.usage}`)
    await run(dataDir(stringOption(parsed, 'data'), ctx.env), args, parsed, ctx)
  }
}
