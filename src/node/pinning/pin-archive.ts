import type { PinStatus as RemotePinStatus } from '@ipfs-shipyard/pinning-service-client'
import { IparoError } from '../../core/errors.ts'
import { ArchiveRegistry } from '../archive-registry.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import { readRunningNode } from '../publish/running-node.ts'
import { archiveIpnsName, IPNS_RECORD_META } from './adopt-ipns-record.ts'
import { recordRemotePins } from './remote-pins.ts'
import type { RemotePinning } from './remote-pinning-client.ts'

/** The service says it could not pin (status `failed`). */
export class PinFailedError extends IparoError {
  override name = 'PinFailedError'
}

/** `--timeout` passed while the pin was still queued or pinning; the service goes on with it. */
export class PinWaitTimeoutError extends IparoError {
  override name = 'PinWaitTimeoutError'
}

/** What `iparo pin` asks a service to pin for an archive reference. */
export interface ArchivePinRequest {
  cid: string
  name: string
  archive?: string
  origins: string[]
  meta: Record<string, string>
  /** why `origins` is empty, when it is: printed, since the service may then never find the blocks */
  noOrigins?: string
}

const MAX_ORIGINS = 20

/**
 * The archive root to pin (ARCHIVE is a local name, an IPNS name held here or a CID), named after the
 * archive, with the running node's libp2p addresses as origins (from `node.json`, written while
 * `iparo serve` runs on this data folder) and the archive's current IPNS record in `meta.ipns_record`,
 * so that the service can serve and republish the name, not just the blocks.
 */
export async function archivePinRequest (store: EmbeddedStore, ref: string): Promise<ArchivePinRequest> {
  const registry = new ArchiveRegistry(store)
  const resolved = await registry.resolve(ref)
  const ipns = resolved.ipns ?? await archiveIpnsName(store.blocks, resolved.rootCid)
  const record = ipns != null ? await registry.ipnsRecord(ipns) : undefined
  const node = await readRunningNode(store.dir)
  const origins = (node?.libp2p ?? []).filter(a => a.includes('/p2p/')).slice(0, MAX_ORIGINS)
  const noOrigins = node == null
    ? 'no origins: `iparo serve` is not running on this data folder, so the service can only find the blocks if some other peer provides them'
    : origins.length === 0 ? `no origins: the node at ${node.url} has no libp2p addresses (--offline?), so the service can only find the blocks elsewhere` : undefined
  return {
    cid: resolved.rootCid.toString(),
    name: resolved.name ?? ref,
    ...(resolved.name != null ? { archive: resolved.name } : {}),
    origins,
    meta: record != null ? { [IPNS_RECORD_META]: Buffer.from(record).toString('base64') } : {},
    ...(noOrigins != null ? { noOrigins } : {})
  }
}

export interface WaitOptions {
  /** stop waiting after this long (the pin goes on at the service); undefined waits until it settles */
  timeoutMs?: number
  /** between two status reads (default 1 s: services limit request rates) */
  pollMs?: number
  /** told every time the status or its details change */
  onChange?: (pin: RemotePinStatus) => void
}

function detailsOf (pin: RemotePinStatus): string {
  return `${pin.status} ${pin.info?.status_details ?? ''}`
}

/**
 * Polls a pin until it is `pinned` (returned) or `failed` (PinFailedError), recording each status seen
 * in the data folder (`remote-pins.json`, for the settings page).
 */
export async function waitForPin (client: RemotePinning, dataDir: string, first: RemotePinStatus, archive: string | undefined, options: WaitOptions = {}): Promise<RemotePinStatus> {
  const deadline = options.timeoutMs == null ? Infinity : Date.now() + options.timeoutMs
  let pin = first
  let last = ''
  for (;;) {
    if (detailsOf(pin) !== last) {
      last = detailsOf(pin)
      options.onChange?.(pin)
      await recordRemotePins(dataDir, [{ service: client.service.name, endpoint: client.service.endpoint, cid: pin.pin.cid, ...(archive != null ? { archive } : {}), requestid: pin.requestid, status: pin.status }])
    }
    if (pin.status === 'pinned') return pin
    if (pin.status === 'failed') {
      const why = pin.info?.status_details ?? pin.info?.reason ?? 'no reason given'
      throw new PinFailedError(`${client.service.name} could not pin ${pin.pin.cid}: ${why}`)
    }
    const wait = Math.min(options.pollMs ?? 1000, deadline - Date.now())
    if (wait <= 0) throw new PinWaitTimeoutError(`${pin.pin.cid} is still ${pin.status} at ${client.service.name} (request ${pin.requestid}); the service goes on with it: see \`iparo pin ls\``)
    await new Promise(resolve => setTimeout(resolve, wait))
    pin = await client.get(pin.requestid)
  }
}
