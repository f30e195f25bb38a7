import { NotAWaczError } from './wacz-errors.ts'

/** A file the datapackage lists, with the digest it promises for the member's bytes. */
export interface WaczResource {
  path: string
  /** e.g. { algorithm: 'sha256', hex: '…' }; absent when the package gives none it states clearly */
  hash?: { algorithm: string, hex: string }
  bytes?: number
}

export interface Datapackage {
  /** `wacz_version` as given ("1.0.0", "1.1.1") */
  version?: string
  title?: string
  resources: WaczResource[]
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const HEX = /^[0-9a-f]+$/i

/**
 * A resource's hash in either spelling: WACZ 1.1 writes `hash: "sha256:<hex>"`; WACZ 1.0 wrote
 * `stats: { hash: "<hex>" }` beside `hashing: "sha256"`.
 */
function resourceHash (r: Record<string, unknown>): WaczResource['hash'] {
  if (typeof r.hash === 'string') {
    const colon = r.hash.indexOf(':')
    const algorithm = colon > 0 ? r.hash.slice(0, colon).toLowerCase() : 'sha256'
    const hex = r.hash.slice(colon + 1)
    return HEX.test(hex) ? { algorithm, hex: hex.toLowerCase() } : undefined
  }
  const stats = isRecord(r.stats) ? r.stats : undefined
  if (typeof stats?.hash === 'string' && HEX.test(stats.hash)) {
    const algorithm = typeof r.hashing === 'string' ? r.hashing.toLowerCase() : 'sha256'
    return { algorithm, hex: stats.hash.toLowerCase() }
  }
  return undefined
}

function resourceBytes (r: Record<string, unknown>): number | undefined {
  const stats = isRecord(r.stats) ? r.stats : undefined
  const bytes = r.bytes ?? stats?.bytes
  return typeof bytes === 'number' && Number.isSafeInteger(bytes) && bytes >= 0 ? bytes : undefined
}

/** datapackage.json as far as ingest needs it. Not JSON, or no `resources` list: not a WACZ. */
export function parseDatapackage (bytes: Uint8Array): Datapackage {
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(bytes))
  } catch (err) {
    throw new NotAWaczError(`datapackage.json is not JSON: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
  }
  if (!isRecord(json) || !Array.isArray(json.resources)) throw new NotAWaczError('datapackage.json has no "resources" list')
  const resources: WaczResource[] = []
  for (const r of json.resources) {
    if (!isRecord(r) || typeof r.path !== 'string') continue
    const resource: WaczResource = { path: r.path }
    const hash = resourceHash(r)
    const size = resourceBytes(r)
    if (hash != null) resource.hash = hash
    if (size != null) resource.bytes = size
    resources.push(resource)
  }
  const meta = isRecord(json.metadata) ? json.metadata : {}
  const title = json.title ?? meta.title
  const out: Datapackage = { resources }
  if (typeof json.wacz_version === 'string') out.version = json.wacz_version
  if (typeof title === 'string') out.title = title
  return out
}
