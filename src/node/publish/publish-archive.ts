import { IpnsRecordError, NotFoundError } from '../../core/errors.ts'
import { canonicalIpnsName, isIpnsName } from '../../core/naming/ipns-name.ts'
import { ArchiveRegistry } from '../archive-registry.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import { RouterPutError } from './publish-errors.ts'
import { recordPublished, type PublishResult } from './published-to.ts'
import { heldRecord } from './record-validity.ts'
import { normalizeRouterUrl } from './router-list.ts'
import { putToRouter, type PutOutcome } from './router-put.ts'
import { readRunningNode } from './running-node.ts'

/** A record that expires within this is signed anew before it is sent: it would die on the way. */
export const NEAR_EXPIRY_MS = 60_000

export interface TargetResult extends PublishResult {
  kind: 'router' | 'dht'
  /** `held`: the target answered 409, it already holds this record or a newer one */
  outcome?: PutOutcome
  /** the running node's URL, for `dht` */
  via?: string
}

export interface PublishReport {
  ipns: string
  /** the local archive name, when the record is this data folder's own */
  name?: string
  sequence: number
  /** why a new record was signed first, when one was */
  resigned?: string
  results: TargetResult[]
  /** `no-node`: no `iparo serve` runs on this data folder; `offline`: it runs without libp2p */
  dht: 'sent' | 'no-node' | 'offline'
}

export interface PublishOptions {
  routers: string[]
  /** per target */
  timeoutMs: number
  /** told of each target as it answers */
  onResult?: (result: TargetResult) => void
}

/** The name and, when it is one of this folder's archives, the local name that can re-sign it. */
async function whichName (registry: ArchiveRegistry, ref: string): Promise<{ ipns: string, name?: string }> {
  const local = await registry.get(ref)
  if (local != null) return { ipns: local.ipns, name: local.name }
  if (!isIpnsName(ref)) throw new NotFoundError(`no archive named ${JSON.stringify(ref)} here (see \`iparo archive list\`), and it is not an IPNS name`)
  const ipns = canonicalIpnsName(ref)
  const own = (await registry.list()).find(a => a.ipns === ipns)
  return own != null ? { ipns, name: own.name } : { ipns }
}

/**
 * The record to send: the held one, unless it is missing, invalid, or expiring within NEAR_EXPIRY_MS;
 * then one of this folder's archives is signed anew (sequence + 1), and anyone else's is refused.
 */
async function currentRecord (registry: ArchiveRegistry, ipns: string, name: string | undefined): Promise<{ record: Uint8Array, sequence: bigint, resigned?: string }> {
  const held = await heldRecord(ipns, await registry.ipnsRecord(ipns))
  const why = held.ok ? (held.validUntil - Date.now() < NEAR_EXPIRY_MS ? 'expires within a minute' : undefined) : held.reason
  if (why == null && held.ok) return held
  if (name == null) throw new IpnsRecordError(`the record held for ${ipns} cannot be sent (${why ?? ''}), and only its key holder can sign a new one`)
  const fresh = await registry.publish(name)
  return { record: fresh.record, sequence: fresh.sequence, resigned: why }
}

/**
 * `iparo publish`: the archive's current signed record to every router (delegated routing v1 PUT)
 * and, when `iparo serve` runs on this data folder with libp2p, to its routing endpoint, which puts
 * it into the DHT. Every target at once, each bounded by the timeout; each outcome is remembered
 * (`publishedTo`). Nothing new is signed unless the held record cannot be sent.
 */
export async function publishArchive (store: EmbeddedStore, ref: string, options: PublishOptions): Promise<PublishReport> {
  const registry = new ArchiveRegistry(store)
  const { ipns, name } = await whichName(registry, ref)
  const { record, sequence, resigned } = await currentRecord(registry, ipns, name)
  const seq = Number(sequence)
  const send = async (kind: TargetResult['kind'], url: string): Promise<TargetResult> => {
    const base = { kind, target: kind === 'dht' ? 'dht' : normalizeRouterUrl(url), sequence: seq, ...(kind === 'dht' ? { via: url } : {}) }
    let result: TargetResult
    try {
      const outcome = await putToRouter(url, ipns, record, AbortSignal.timeout(options.timeoutMs))
      result = { ...base, ok: true, outcome, at: new Date().toISOString() }
    } catch (err) {
      if (!(err instanceof RouterPutError)) throw err
      result = { ...base, ok: false, at: new Date().toISOString(), error: err.reason }
    }
    await recordPublished(store, ipns, { target: result.target, ok: result.ok, sequence: seq, at: result.at, ...(result.error != null ? { error: result.error } : {}) })
    options.onResult?.(result)
    return result
  }
  const node = await readRunningNode(store.dir)
  const dht = node == null ? 'no-node' : node.libp2p.length === 0 ? 'offline' : 'sent'
  const sends = options.routers.map(async url => send('router', url))
  if (node != null && dht === 'sent') sends.push(send('dht', node.url))
  const results = await Promise.all(sends)
  return { ipns, ...(name != null ? { name } : {}), sequence: seq, ...(resigned != null ? { resigned } : {}), results, dht }
}
