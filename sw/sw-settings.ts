import type { ReplaySettings } from '../src/browser/replay-messages.ts'
import type { SwDb } from './sw-db.ts'

export const PUBLIC_GATEWAYS = ['https://trustless-gateway.link', 'https://4everland.io']
export const PUBLIC_ROUTERS = ['https://delegated-ipfs.dev']
export const DEFAULT_QUOTA_BYTES = 512 * 1024 * 1024

/** Whether `origin` is an `iparo serve` node: it answers the archives API. */
export async function isLocalNode (origin: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/api/v1/archives', origin), { cache: 'no-store' })
    if (!response.ok) return false
    const body: unknown = await response.json()
    return typeof body === 'object' && body != null && Array.isArray((body as { archives?: unknown }).archives)
  } catch {
    return false
  }
}

/**
 * The settings in force: what the app set, else the serving origin when it is a local node, else
 * public gateways. A detected node is remembered, so that offline (the node stopped) the worker never
 * falls back to asking public gateways for what the node used to serve.
 */
export async function loadSettings (db: SwDb, origin: string): Promise<ReplaySettings> {
  const stored = await db.get('settings', 'settings') ?? {}
  const quotaBytes = stored.quotaBytes ?? DEFAULT_QUOTA_BYTES
  if (stored.gateways != null && stored.routers != null) return { gateways: stored.gateways, routers: stored.routers, quotaBytes }
  if (await isLocalNode(origin)) {
    const detected = { ...stored, gateways: [origin], routers: [origin] }
    await db.put('settings', detected, 'settings')
    return { ...detected, quotaBytes }
  }
  return { gateways: stored.gateways ?? PUBLIC_GATEWAYS, routers: stored.routers ?? PUBLIC_ROUTERS, quotaBytes }
}

/** Only http(s) URLs, normalised to their origin plus path: a gateway list is not a place for anything else. */
export function cleanUrls (urls: unknown): string[] | undefined {
  if (!Array.isArray(urls)) return undefined
  const out: string[] = []
  for (const u of urls) {
    if (typeof u !== 'string') return undefined
    const url = URL.parse(u)
    if (url == null || (url.protocol !== 'http:' && url.protocol !== 'https:')) return undefined
    out.push(url.href.replace(/\/$/, ''))
  }
  return out
}

export async function saveSettings (db: SwDb, update: Partial<ReplaySettings>): Promise<void> {
  const stored = await db.get('settings', 'settings') ?? {}
  const gateways = cleanUrls(update.gateways)
  const routers = cleanUrls(update.routers)
  const next: Partial<ReplaySettings> = { ...stored }
  if (gateways != null) next.gateways = gateways
  if (routers != null) next.routers = routers
  if (typeof update.quotaBytes === 'number' && Number.isFinite(update.quotaBytes) && update.quotaBytes > 0) next.quotaBytes = update.quotaBytes
  await db.put('settings', next, 'settings')
}
