import type { RouteHandler } from '../../core/routing/route-handler.ts'
import { requireMethod } from '../../core/routing/require-method.ts'
import type { NetworkNode, Reachability } from '../p2p/network-node.ts'

export interface NodeOrigins {
  app: string
  replay: string | undefined
}

/** An archive of this node, as the registry lists it. */
export interface ArchiveSummary {
  name: string
  ipns: string
  root: string
}

/** Where an archive's IPNS record was last sent (a delegated router, or `dht`), and what happened. */
export interface PublishedTo {
  target: string
  ok: boolean
  /** the record's sequence number that was sent */
  sequence?: number
  /** ISO time of the attempt */
  at?: string
  /** what went wrong, in the project's words (a router's status, a timeout) */
  error?: string
}

/** An archive's pin at a remote pinning service, as last polled. */
export interface ArchivePin {
  /** the service's local name (`iparo pin --service`) */
  service: string
  endpoint: string
  status: 'queued' | 'pinning' | 'pinned' | 'failed'
  /** ISO time the status was last seen */
  updated?: string
  /** the root that was pinned: an earlier one than the archive's current root holds none of the later captures */
  cid?: string
}

/** A remote pin as this machine last saw it (`remotePinStatuses` in src/node/pinning/remote-pins.ts). */
export interface SeenRemotePin {
  service: string
  endpoint: string
  cid: string
  archive?: string
  status: string
  updated: string
}

const PIN_STATUSES = new Set(['queued', 'pinning', 'pinned', 'failed'])

/**
 * An archive's pins, one per service: the newest of its current root, else the newest made for the
 * archive by name (an earlier root: `cid` says which). `seen` is newest first, as remotePinStatuses lists it.
 */
export function archivePins (seen: SeenRemotePin[], archive: ArchiveSummary): ArchivePin[] {
  const mine = seen.filter(p => PIN_STATUSES.has(p.status) && (p.cid === archive.root || p.archive?.toLowerCase() === archive.name.toLowerCase()))
  const byService = new Map<string, SeenRemotePin>()
  for (const pin of mine) {
    const held = byService.get(pin.service)
    if (held == null || (held.cid !== archive.root && pin.cid === archive.root)) byService.set(pin.service, pin)
  }
  return [...byService.values()].map(p => ({ service: p.service, endpoint: p.endpoint, status: p.status as ArchivePin['status'], updated: p.updated, cid: p.cid }))
}

/** A configured pinning service (its token is never part of it). */
export interface PinningService { name: string, endpoint: string }

type Maybe<T> = T | Promise<T>

/**
 * Where the node's state comes from; every getter is optional (a part not wired yet, or absent with
 * `--offline`, reads as unknown) and asked on each request, so the answer follows the data folder.
 */
export interface NodeInfoSource {
  /** the public app URL (`iparo serve --app-url`): where share links point */
  appUrl?: () => Maybe<string | undefined>
  /** the libp2p node; undefined when offline */
  network?: () => Maybe<NetworkNode | undefined>
  /** the delegated routers records are published to (the data folder's list) */
  routers?: () => Maybe<string[]>
  archives?: () => Maybe<ArchiveSummary[]>
  published?: (archive: ArchiveSummary) => Maybe<PublishedTo[]>
  pins?: (archive: ArchiveSummary) => Maybe<ArchivePin[]>
  /** whether this node is online and provides the archive to the DHT */
  announced?: (archive: ArchiveSummary) => Maybe<boolean>
  pinningServices?: () => Maybe<PinningService[]>
}

export type NetworkInfo =
  | { online: true, peerId: string, addresses: string[], reachability: Reachability }
  | { online: false }

const NODE_PATH = '/api/v1/node'
const ARCHIVES_PATH = '/api/v1/node/archives'
const HEADERS = { 'Cache-Control': 'no-cache' }

/**
 * A getter's answer, or null when it has none or fails: one part of the node's state that cannot be
 * read must not hide the rest (the app asks this on start to find its replay origin). What failed stays
 * out of the answer: only the project's own messages reach a client.
 */
async function read<A extends unknown[], T> (get: ((...args: A) => Maybe<T>) | undefined, ...args: A): Promise<T | null> {
  if (get == null) return null
  try {
    return await get(...args)
  } catch {
    return null
  }
}

/**
 * `GET /api/v1/node`: this node's origins (where the app puts its replay frame), its public app URL,
 * its libp2p side and the routers it publishes to: cheap, the app asks it on start.
 * `GET /api/v1/node/archives`: per archive, where its record was published, its remote pins and
 * whether this node announces it (reads the data folder: the settings page and the share panel ask).
 */
export class NodeInfoHandler implements RouteHandler {
  readonly name = 'node-info'

  constructor (private readonly origins: () => NodeOrigins, private readonly source: NodeInfoSource = {}) {}

  canHandle (_request: Request, url: URL): boolean {
    if (url.pathname !== NODE_PATH && url.pathname !== ARCHIVES_PATH) return false
    // Not on a replay origin of its own: archived scripts run there, and the node's state (addresses,
    // archive names, services) is the app's business, not theirs (docs/replay-origins.md).
    const { app, replay } = this.origins()
    return replay == null || replay === app || url.port !== new URL(replay).port
  }

  async handle (request: Request, url: URL): Promise<Response> {
    requireMethod(request)
    if (url.pathname === ARCHIVES_PATH) return Response.json(await this.archives(), { headers: HEADERS })
    const { app, replay } = this.origins()
    const [appUrl, network, routers] = await Promise.all([read(this.source.appUrl), this.network(), read(this.source.routers)])
    return Response.json({ origins: { app, replay: replay ?? app }, appUrl: URL.parse(appUrl ?? '')?.href ?? null, network, routers }, { headers: HEADERS })
  }

  private async network (): Promise<NetworkInfo> {
    const node = await read(this.source.network)
    if (node == null) return { online: false }
    try {
      return { online: true, peerId: node.peerId, addresses: node.addresses(), reachability: node.reachability() }
    } catch {
      // a node that is closing answers nothing more: for the app, it is offline
      return { online: false }
    }
  }

  private async archives (): Promise<{ archives: unknown[] | null, services: PinningService[] | null }> {
    const { source } = this
    const [list, services] = await Promise.all([read(source.archives), read(source.pinningServices)])
    if (list == null) return { archives: null, services }
    const archives = await Promise.all(list.map(async a => {
      const [published, pins, announced] = await Promise.all([
        read(source.published, a),
        read(source.pins, a),
        read(source.announced, a)
      ])
      return {
        name: a.name,
        ipns: a.ipns,
        root: a.root,
        // field by field: whatever else a source's records carry stays in the data folder
        published: published?.map(p => ({ target: p.target, ok: p.ok, sequence: p.sequence, at: p.at, error: p.error })) ?? null,
        pins: pins?.map(p => ({ service: p.service, endpoint: p.endpoint, status: p.status, updated: p.updated, cid: p.cid })) ?? null,
        announced
      }
    }))
    return { archives, services }
  }
}
