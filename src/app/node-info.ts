/**
 * What an `iparo serve` node says about itself (`GET /api/v1/node`, `GET /api/v1/node/archives`,
 * src/node/serve/node-info-handler.ts), read defensively: a static host may answer these paths with
 * its index page, an older node with fewer fields, so anything not in its exact shape reads as unknown.
 */
export interface Reachability { status: 'public' | 'relayed' | 'private' | 'unknown', detail: string }

export type NodeNetwork =
  | { online: true, peerId: string, addresses: string[], reachability: Reachability }
  | { online: false }

export interface NodeInfo {
  /** the public app URL the node was started with (`--app-url`), if any */
  appUrl: string | undefined
  /** undefined: the node does not say (an older node) */
  network: NodeNetwork | undefined
  /** the delegated routers records are published to; undefined when unknown */
  routers: string[] | undefined
}

export interface PublishedTo { target: string, ok: boolean, sequence: number | undefined, at: string | undefined, error: string | undefined }

export type PinStatus = 'queued' | 'pinning' | 'pinned' | 'failed'
/** `cid`: the root pinned, when the node says (an earlier root than the archive's holds none of the later captures) */
export interface ArchivePin { service: string, endpoint: string, status: PinStatus, updated: string | undefined, cid: string | undefined }

export interface NodeArchiveInfo {
  name: string
  ipns: string
  root: string
  /** undefined wherever the node could not tell */
  published: PublishedTo[] | undefined
  pins: ArchivePin[] | undefined
  announced: boolean | undefined
}

export interface NodeArchives {
  archives: NodeArchiveInfo[] | undefined
  services: Array<{ name: string, endpoint: string }> | undefined
}

type Fields = Record<string, unknown>
const REACH = new Set(['public', 'relayed', 'private', 'unknown'])
const PIN = new Set(['queued', 'pinning', 'pinned', 'failed'])

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v != null && !Array.isArray(v)
const str = (v: unknown): string | undefined => typeof v === 'string' ? v : undefined
const strings = (v: unknown): string[] | undefined => Array.isArray(v) && v.every(s => typeof s === 'string') ? v : undefined

/** Each item that has the shape, in order; undefined when `v` is not a list. */
function listOf<T> (v: unknown, one: (item: Fields) => T | undefined): T[] | undefined {
  if (!Array.isArray(v)) return undefined
  return v.flatMap(item => { const out = isObject(item) ? one(item) : undefined; return out != null ? [out] : [] })
}

function network (v: unknown): NodeNetwork | undefined {
  if (!isObject(v)) return undefined
  if (v.online === false) return { online: false }
  const r = v.reachability
  const peerId = str(v.peerId)
  const addresses = strings(v.addresses)
  if (v.online !== true || peerId == null || addresses == null || !isObject(r) || !REACH.has(String(r.status))) return undefined
  return { online: true, peerId, addresses, reachability: { status: r.status as Reachability['status'], detail: str(r.detail) ?? '' } }
}

/** `GET /api/v1/node`'s JSON, or undefined when it is not a node's answer at all. */
export function parseNodeInfo (value: unknown): NodeInfo | undefined {
  if (!isObject(value) || !isObject(value.origins)) return undefined
  const appUrl = URL.parse(str(value.appUrl) ?? '')
  return {
    appUrl: appUrl != null && (appUrl.protocol === 'https:' || appUrl.protocol === 'http:') ? appUrl.href : undefined,
    network: network(value.network),
    routers: strings(value.routers)
  }
}

function published (p: Fields): PublishedTo | undefined {
  const target = str(p.target)
  if (target == null || typeof p.ok !== 'boolean') return undefined
  return { target, ok: p.ok, sequence: typeof p.sequence === 'number' ? p.sequence : undefined, at: str(p.at), error: str(p.error) }
}

function pin (p: Fields): ArchivePin | undefined {
  const service = str(p.service)
  if (service == null || !PIN.has(String(p.status))) return undefined
  return { service, endpoint: str(p.endpoint) ?? '', status: p.status as PinStatus, updated: str(p.updated), cid: str(p.cid) }
}

function archive (a: Fields): NodeArchiveInfo | undefined {
  const name = str(a.name)
  const ipns = str(a.ipns)
  if (name == null || ipns == null) return undefined
  return {
    name,
    ipns,
    root: str(a.root) ?? '',
    published: listOf(a.published, published),
    pins: listOf(a.pins, pin),
    announced: typeof a.announced === 'boolean' ? a.announced : undefined
  }
}

/** `GET /api/v1/node/archives`'s JSON, or undefined when it is not a node's answer. */
export function parseNodeArchives (value: unknown): NodeArchives | undefined {
  if (!isObject(value) || !('archives' in value)) return undefined
  return {
    archives: listOf(value.archives, archive),
    services: listOf(value.services, s => {
      const name = str(s.name)
      return name != null ? { name, endpoint: str(s.endpoint) ?? '' } : undefined
    })
  }
}
