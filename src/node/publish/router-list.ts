import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { RouterListError } from './publish-errors.ts'

/** The public delegated router (someguy), the one Helia and Kubo use by default: it puts IPNS records it is given into the Amino DHT. */
export const DEFAULT_ROUTERS: readonly string[] = ['https://delegated-ipfs.dev']

const FILE = 'routers.json'

/**
 * A router's base URL as it is stored and printed: http(s) only, no query or fragment, no trailing
 * slash, and no `/routing/v1` (the client adds it, as Kubo's and Helia's do).
 */
export function normalizeRouterUrl (text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch (err) {
    throw new RouterListError(`${JSON.stringify(text)} is not a URL (a router looks like https://delegated-ipfs.dev)`, { cause: err })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RouterListError(`a router is reached over http or https, not ${url.protocol} (${text})`)
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') throw new RouterListError(`a router URL has no query, fragment or credentials: ${text}`)
  const path = url.pathname.replace(/\/+$/, '').replace(/\/routing\/v1$/, '')
  return `${url.origin}${path}`
}

/** The routers `iparo publish` sends to: `routers.json` in the data folder, else DEFAULT_ROUTERS. */
export async function readRouters (dataDir: string): Promise<string[]> {
  let text: string
  try {
    text = await readFile(join(dataDir, FILE), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [...DEFAULT_ROUTERS]
    throw err
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw new RouterListError(`${join(dataDir, FILE)} is not JSON (fix it, or reset it: iparo routers reset)`, { cause: err })
  }
  const routers = (parsed as { routers?: unknown } | null)?.routers
  if (!Array.isArray(routers) || !routers.every(r => typeof r === 'string')) {
    throw new RouterListError(`${join(dataDir, FILE)} must be { "routers": ["https://…"] } (fix it, or reset it: iparo routers reset)`)
  }
  return (routers as string[]).map(normalizeRouterUrl)
}

/**
 * Replaces the list (an empty list: publish to the DHT only). Written aside and renamed into place,
 * so a reader never sees half a file. Returns the list as stored.
 */
export async function writeRouters (dataDir: string, list: string[]): Promise<string[]> {
  const routers = [...new Set(list.map(normalizeRouterUrl))]
  const file = join(dataDir, FILE)
  const aside = `${file}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`
  await mkdir(dataDir, { recursive: true })
  try {
    await writeFile(aside, JSON.stringify({ routers }, null, 2) + '\n')
    await rename(aside, file)
  } catch (err) {
    await rm(aside, { force: true })
    throw err
  }
  return routers
}

/** Back to DEFAULT_ROUTERS: the file is removed. */
export async function resetRouters (dataDir: string): Promise<void> {
  await rm(join(dataDir, FILE), { force: true })
}
