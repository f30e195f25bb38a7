import { readFile, writeFile } from 'node:fs/promises'
import { ArchiveRegistry } from '../../archive-registry.ts'
import { stringOption, type Parsed } from '../cli-args.ts'
import { UsageError } from '../cli-error.ts'
import type { Command, CommandContext } from '../command.ts'
import { printJson } from '../command.ts'
import { parseCidArg } from '../parse-cid.ts'
import { withStore } from '../with-store.ts'

type Sub = (registry: ArchiveRegistry, args: string[], parsed: Parsed, ctx: CommandContext) => Promise<void>

const json = (parsed: Parsed): boolean => parsed.values.json === true

const SUBCOMMANDS: Record<string, Sub> = {
  async create (registry, [name], parsed, ctx) {
    if (name == null) throw new UsageError('usage: iparo archive create NAME [--title T] [--description D]')
    const record = await registry.create(name, { title: stringOption(parsed, 'title'), description: stringOption(parsed, 'description') })
    if (json(parsed)) printJson(ctx, record)
    else ctx.stdout.write(`created ${record.name}\n  ipns ${record.ipns}\n  root ${record.root}\n`)
  },
  async list (registry, _args, parsed, ctx) {
    const list = await registry.list()
    if (json(parsed)) printJson(ctx, list)
    else ctx.stdout.write(list.map(a => `${a.name.padEnd(20)} ${a.ipns}  ${a.root}`).join('\n') + (list.length > 0 ? '\n' : 'no archives yet: iparo ingest FILE.warc\n'))
  },
  async info (registry, [name], parsed, ctx) {
    if (name == null) throw new UsageError('usage: iparo archive info NAME [--json]')
    const record = await registry.require(name)
    const { root } = await registry.root(name)
    const info = {
      name: record.name,
      ipns: record.ipns,
      root: record.root,
      title: root.manifest.title,
      description: root.manifest.description,
      created: root.manifest.created,
      software: root.manifest.software,
      urls: root.counts.urls,
      mementos: root.counts.mementos
    }
    if (json(parsed)) printJson(ctx, info)
    else ctx.stdout.write(Object.entries(info).map(([k, v]) => `${k.padEnd(12)} ${String(v)}`).join('\n') + '\n')
  },
  async publish (registry, [name], parsed, ctx) {
    if (name == null) throw new UsageError('usage: iparo archive publish NAME')
    const { ipns, sequence } = await registry.publish(name)
    if (json(parsed)) printJson(ctx, { ipns, sequence: Number(sequence) })
    else ctx.stdout.write(`published ${ipns} (sequence ${sequence})\n`)
  },
  async dnslink (registry, [domain, target], parsed, ctx) {
    if (domain == null) {
      const list = await registry.dnslinks()
      if (json(parsed)) printJson(ctx, list)
      else ctx.stdout.write(list.map(d => `${d.domain.padEnd(30)} ${d.target}`).join('\n') + (list.length > 0 ? '\n' : ''))
      return
    }
    if (target == null) throw new UsageError('usage: iparo archive dnslink [DOMAIN ARCHIVE|IPNS-NAME|CID]')
    const link = await registry.setDnslink(domain, target)
    if (json(parsed)) printJson(ctx, link)
    else ctx.stdout.write(`${link.domain} → ${link.target}\n`)
  },
  async key (registry, [action, name], parsed, ctx) {
    const file = stringOption(parsed, 'file')
    if (name == null || file == null || (action !== 'export' && action !== 'import')) {
      throw new UsageError('usage: iparo archive key export NAME --file KEYFILE | iparo archive key import NAME --file KEYFILE --root CID')
    }
    if (action === 'export') {
      // Written with owner-only permissions, never to stdout: the key signs the archive's name.
      await writeFile(file, await registry.exportKey(name), { mode: 0o600, flag: 'wx' })
      ctx.stdout.write(`wrote the key of ${name} to ${file} (keep it secret)\n`)
      return
    }
    const root = parseCidArg(stringOption(parsed, 'root'), '--root CID (the archive root, imported first with iparo import)')
    const record = await registry.importKey(name, new Uint8Array(await readFile(file)), root)
    if (json(parsed)) printJson(ctx, record)
    else ctx.stdout.write(`imported ${record.name}\n  ipns ${record.ipns}\n  root ${record.root}\n`)
  }
}

export const archiveCommand: Command = {
  name: 'archive',
  summary: 'create, list, inspect and publish archives; DNSLink-style names; export or import their keys',
  usage: 'iparo archive create|list|info|publish|dnslink|key …',
  options: { title: { type: 'string' }, description: { type: 'string' }, file: { type: 'string' }, root: { type: 'string' } },
  async run (parsed, ctx) {
    const [sub, ...args] = parsed.positionals
    const run = sub == null ? undefined : SUBCOMMANDS[sub]
    if (run == null) throw new UsageError(`usage: ${this.usage}`)
    await withStore(parsed, ctx, async (store) => { await run(new ArchiveRegistry(store), args, parsed, ctx) })
  }
}
