import { ArchiveError } from '../errors.ts'

/**
 * Archive names share the first path segment with HTTP routes (`/ipfs/…`, `/<archive>/<datetime>/…`),
 * so names that are, or could be mistaken for, a route, a CID, an IPNS name or a datetime are refused.
 */
export const RESERVED_NAMES = new Set([
  'ipfs', 'ipns', 'routing', 'api', 'assets', 'app', 'static', 'sw', 'sw.js', 'index.html', 'favicon.ico',
  'manifest.webmanifest', 'robots.txt', 'timegate', 'timemap', 'health', 'well-known', '.well-known', 'replay', 'pinning'
])

export function checkArchiveName (name: string): string {
  if (!/^[a-z0-9][a-z0-9._-]{0,62}$/i.test(name)) {
    throw new ArchiveError(`archive name ${JSON.stringify(name)} must be 1–63 letters, digits, '.', '_' or '-', not starting with a symbol`)
  }
  const lower = name.toLowerCase()
  if (RESERVED_NAMES.has(lower)) throw new ArchiveError(`archive name ${JSON.stringify(name)} is reserved for an HTTP route`)
  if (/^\d{4,}$/.test(name)) throw new ArchiveError(`archive name ${JSON.stringify(name)} looks like a datetime`)
  if (/^(k51|k2|bafy|bafk|bafz|Qm|12D3)/.test(name) && name.length > 40) throw new ArchiveError(`archive name ${JSON.stringify(name)} looks like a CID or IPNS name`)
  return name
}
