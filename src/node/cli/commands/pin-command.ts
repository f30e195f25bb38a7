import type { PinStatus as RemotePinStatus } from '@ipfs-shipyard/pinning-service-client'
import { NotFoundError } from '../../../core/errors.ts'
import { ArchiveRegistry } from '../../archive-registry.ts'
import { dataDir } from '../../data-dir.ts'
import { archivePinRequest, waitForPin } from '../../pinning/pin-archive.ts'
import { allPinServices, endpointOf, findPinService, savePinService, type PinService } from '../../pinning/pin-services.ts'
import { forgetRemotePins, recordRemotePins, remotePinStatuses } from '../../pinning/remote-pins.ts'
import { RemotePinning } from '../../pinning/remote-pinning-client.ts'
import { flag, stringOption, type Parsed } from '../cli-args.ts'
import { UsageError } from '../cli-error.ts'
import type { Command, CommandContext } from '../command.ts'
import { printJson } from '../command.ts'
import { withStore } from '../with-store.ts'

const USAGE = 'iparo pin ARCHIVE --service URL|NAME [--token T] [--service-name N] [--no-wait] [--timeout S] | pin ls [--service NAME] | pin rm ARCHIVE|REQUESTID [--service NAME]'

/**
 * The service `--service` names: a saved name, or a URL. With `--token`, the service is saved (under
 * `--service-name`, else the URL's host) for later commands; the token is never printed back.
 */
async function serviceOf (parsed: Parsed, dir: string, ctx: CommandContext): Promise<PinService> {
  const given = stringOption(parsed, 'service')
  const token = stringOption(parsed, 'token')
  if (given == null) {
    const all = await allPinServices(dir)
    if (all.length === 1 && all[0] != null && token == null) return all[0]
    throw new UsageError(all.length === 0 ? 'no pinning service yet: give one with --service URL --token T' : `several pinning services are saved (${all.map(s => s.name).join(', ')}): choose one with --service NAME`)
  }
  const endpoint = endpointOf(given)
  if (token != null) {
    if (endpoint == null) {
      const saved = await findPinService(dir, given)
      if (saved == null) throw new UsageError(`--service ${JSON.stringify(given)} is neither a URL nor a saved service`)
      await savePinService(dir, { ...saved, token })
      return { ...saved, token }
    }
    const name = stringOption(parsed, 'service-name') ?? new URL(endpoint).host
    const service = { name, endpoint, token }
    await savePinService(dir, service)
    ctx.stderr.write(`saved pinning service ${name} (${endpoint}); its token is kept in pin-services.json, readable by you only\n`)
    return service
  }
  const saved = await findPinService(dir, given)
  if (saved == null) throw new UsageError(endpoint == null ? `no pinning service named ${JSON.stringify(given)} is saved (iparo pin ls lists them)` : `no token for ${endpoint} yet: add --token T`)
  return saved
}

function timeoutOf (parsed: Parsed): number | undefined {
  const text = stringOption(parsed, 'timeout')
  if (text == null) return undefined
  const seconds = Number(text)
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout takes a number of seconds above 0, not ${JSON.stringify(text)}`)
  return seconds * 1000
}

function statusLine (pin: RemotePinStatus): string {
  const details = pin.info?.status_details
  return `${pin.status}${details != null && details !== '' ? ` (${details.slice(0, 200)})` : ''}`
}

function summary (service: PinService, pin: RemotePinStatus, archive?: string): Record<string, unknown> {
  return { service: service.name, endpoint: service.endpoint, requestid: pin.requestid, status: pin.status, cid: pin.pin.cid, name: pin.pin.name, ...(archive != null ? { archive } : {}), created: pin.created.toISOString(), delegates: pin.delegates, info: pin.info ?? {} }
}

async function add (ref: string, parsed: Parsed, ctx: CommandContext): Promise<void> {
  const dir = dataDir(stringOption(parsed, 'data'), ctx.env)
  const wanted = await withStore(parsed, ctx, async store => archivePinRequest(store, ref))
  const service = await serviceOf(parsed, dir, ctx)
  if (wanted.noOrigins != null) ctx.stderr.write(`iparo: ${wanted.noOrigins}\n`)
  const client = new RemotePinning(service)
  const { archive, noOrigins: _noOrigins, ...pin } = wanted
  const first = await client.add(pin)
  const json = flag(parsed, 'json')
  const say = (line: string): void => { (json ? ctx.stderr : ctx.stdout).write(`${line}\n`) }
  say(`pin ${first.requestid} of ${wanted.cid} (${wanted.name}) at ${service.name}${wanted.meta.ipns_record != null ? ', with its IPNS record' : ''}`)
  const onChange = (p: RemotePinStatus): void => { say(`  ${statusLine(p)}`) }
  let final = first
  if (flag(parsed, 'no-wait')) {
    onChange(first)
    await recordRemotePins(dir, [{ service: service.name, endpoint: service.endpoint, cid: first.pin.cid, ...(archive != null ? { archive } : {}), requestid: first.requestid, status: first.status }])
  } else {
    final = await waitForPin(client, dir, first, archive, { timeoutMs: timeoutOf(parsed), onChange })
  }
  if (json) printJson(ctx, summary(service, final, archive))
}

/** The services to list: the one named, else every saved one. */
async function servicesToList (parsed: Parsed, dir: string, ctx: CommandContext): Promise<PinService[]> {
  if (stringOption(parsed, 'service') != null) return [await serviceOf(parsed, dir, ctx)]
  const all = await allPinServices(dir)
  if (all.length === 0) throw new UsageError('no pinning service yet: iparo pin ARCHIVE --service URL --token T saves one')
  return all
}

async function list (parsed: Parsed, ctx: CommandContext): Promise<void> {
  const dir = dataDir(stringOption(parsed, 'data'), ctx.env)
  const archives = new Map((await withStore(parsed, ctx, async store => new ArchiveRegistry(store).list())).map(a => [a.root, a.name]))
  const known = new Set((await remotePinStatuses(dir)).map(p => `${p.service} ${p.requestid}`))
  const rows: Array<Record<string, unknown>> = []
  for (const service of await servicesToList(parsed, dir, ctx)) {
    const pins = await new RemotePinning(service).list()
    // the statuses of this machine's own pins (made here, or of its archives) are kept for the settings page
    await recordRemotePins(dir, pins.filter(p => known.has(`${service.name} ${p.requestid}`) || archives.has(p.pin.cid))
      .map(p => ({ service: service.name, endpoint: service.endpoint, cid: p.pin.cid, ...(archives.has(p.pin.cid) ? { archive: archives.get(p.pin.cid) } : {}), requestid: p.requestid, status: p.status })))
    rows.push(...pins.map(p => summary(service, p, archives.get(p.pin.cid))))
  }
  if (flag(parsed, 'json')) { printJson(ctx, rows); return }
  if (rows.length === 0) { ctx.stdout.write('no pins\n'); return }
  for (const r of rows) ctx.stdout.write(`${String(r.service)}  ${String(r.requestid)}  ${String(r.status).padEnd(7)}  ${String(r.cid)}  ${String(r.name ?? '')}\n`)
}

/** The request ids `target` names at the service: a request id recorded here, or the pins of an archive's root. */
async function requestIdsOf (target: string, service: PinService, client: RemotePinning, parsed: Parsed, ctx: CommandContext): Promise<string[]> {
  const dir = dataDir(stringOption(parsed, 'data'), ctx.env)
  if ((await remotePinStatuses(dir)).some(p => p.service === service.name && p.requestid === target)) return [target]
  const cid = await withStore(parsed, ctx, async store => (await new ArchiveRegistry(store).resolve(target)).rootCid.toString()).catch((err: unknown) => {
    if ((err as Error).name === 'NotFoundError') return undefined
    throw err
  })
  if (cid == null) return [target]
  const pins = await client.list({ cid: [cid] })
  if (pins.length === 0) throw new NotFoundError(`${service.name} holds no pin of ${target} (${cid})`)
  return pins.map(p => p.requestid)
}

async function remove (target: string, parsed: Parsed, ctx: CommandContext): Promise<void> {
  const dir = dataDir(stringOption(parsed, 'data'), ctx.env)
  const service = await serviceOf(parsed, dir, ctx)
  const client = new RemotePinning(service)
  const ids = await requestIdsOf(target, service, client, parsed, ctx)
  for (const id of ids) {
    try {
      await client.remove(id)
    } catch (err) {
      if ((err as { status?: number }).status === 404) throw new NotFoundError(`${service.name} holds no pin ${JSON.stringify(id)}`, { cause: err })
      throw err
    }
  }
  await forgetRemotePins(dir, service.name, ids)
  if (flag(parsed, 'json')) printJson(ctx, { service: service.name, removed: ids })
  else ctx.stdout.write(ids.map(id => `removed pin ${id} at ${service.name}\n`).join(''))
}

export const pinCommand: Command = {
  name: 'pin',
  summary: 'pin an archive at a remote IPFS pinning service (another iparo serve, or any), list and remove pins',
  usage: USAGE,
  options: {
    service: { type: 'string' },
    token: { type: 'string' },
    'service-name': { type: 'string' },
    'no-wait': { type: 'boolean' },
    timeout: { type: 'string' }
  },
  async run (parsed, ctx) {
    const [first, ...rest] = parsed.positionals
    if (first === 'ls' && rest.length === 0) return list(parsed, ctx)
    if (first === 'rm' && rest.length === 1 && rest[0] != null) return remove(rest[0], parsed, ctx)
    if (first === 'add' && rest.length === 1 && rest[0] != null) return add(rest[0], parsed, ctx)
    if (first != null && first !== 'ls' && first !== 'rm' && first !== 'add' && rest.length === 0) return add(first, parsed, ctx)
    throw new UsageError(`usage: ${USAGE}`)
  }
}
