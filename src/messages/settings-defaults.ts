/**
 * What the replay worker fetches from when the app has said nothing: public gateways and routers,
 * unless the worker's own origin is an `iparo serve` node (its `/sw-config.js` then names the node).
 * Shared by the app (its Settings page) and the worker; owned by neither.
 */
export const PUBLIC_GATEWAYS = ['https://trustless-gateway.link', 'https://4everland.io']
export const PUBLIC_ROUTERS = ['https://delegated-ipfs.dev']
export const DEFAULT_QUOTA_BYTES = 512 * 1024 * 1024
/** the least the app's Settings page lets a person set: below it a single page's blocks could evict each other */
export const MIN_QUOTA_BYTES = 16 * 1024 * 1024

/** Where blocks and IPNS records come from, and how much the worker keeps. */
export interface ReplaySettings {
  gateways: string[]
  routers: string[]
  /** bytes of unsaved blocks kept in IndexedDB before the least recently used are evicted */
  quotaBytes: number
}

/** Only http(s) URLs, normalised to their origin plus path: a gateway list is not a place for anything else. */
export function cleanUrls (urls: unknown): string[] | undefined {
  if (!Array.isArray(urls) || urls.length > 32) return undefined
  const out: string[] = []
  for (const u of urls) {
    if (typeof u !== 'string' || u.length > 2048) return undefined
    const url = URL.parse(u)
    if (url == null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') return undefined
    out.push(url.href.replace(/\/$/, ''))
  }
  return out
}

/** Settings in their exact shape, or undefined: they cross from one origin to another. */
export function cleanSettings (value: unknown): ReplaySettings | undefined {
  if (typeof value !== 'object' || value == null) return undefined
  const v = value as Record<string, unknown>
  const gateways = cleanUrls(v.gateways)
  const routers = cleanUrls(v.routers)
  const quota = v.quotaBytes
  if (gateways == null || routers == null || typeof quota !== 'number' || !Number.isFinite(quota) || quota < 1) return undefined
  return { gateways, routers, quotaBytes: Math.round(quota) }
}
