import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import { ArchiveError, NotFoundError } from '../src/core/errors.ts'
import { canonicalIpnsName, isIpnsName } from '../src/core/naming/ipns-name.ts'
import type { ArchiveLocator } from '../src/core/replay/archive-readers.ts'
import type { LazyHelia } from './helia-node.ts'
import type { SwSettings } from './sw-settings.ts'

const LIBP2P_KEY = 0x72
/** A page and its subresources resolve the name once: long enough for a page load, short beside the IPNS TTL. */
const MEMO_MS = 30_000

interface ArchivesApi {
  archives: Array<{ name: string, ipns?: string, root?: string }>
  dnslinks?: Array<{ domain: string, target: string }>
}

/**
 * The service worker's archive names: a root CID as it is, an IPNS name through Helia's resolver
 * (delegated routing, records validated), a local name or DNSLink-style name through the node's
 * `/api/v1/archives`. Offline, a local name resolves to the root the app last saw for it (kept on the
 * app's origin, pushed with every call: sw-settings.ts), never to anything kept in this origin's
 * storage, which archived scripts can write (docs/replay-origins.md). (The browser's HTTP cache would
 * be out of their reach, but Chromium does not keep the node's answer there for the worker's use.)
 */
export class SwArchiveLocator implements ArchiveLocator {
  private readonly memo = new Map<string, { root: CID, until: number }>()

  constructor (private readonly node: LazyHelia, private readonly settings: SwSettings) {}

  async locate (archive: string, signal?: AbortSignal): Promise<CID> {
    const memo = this.memo.get(archive)
    if (memo != null && memo.until > Date.now()) return memo.root
    let root: CID
    try {
      root = await this.resolve(archive, signal)
    } catch (err) {
      // IPNS names fall back to their signed record (resolveIpns); a local name to what the app says it
      // is (a worker just restarted waits a moment for the app's next call to say it)
      await this.settings.current()
      const known = isIpnsName(archive) ? undefined : this.settings.nameOf(archive)
      if (known == null) throw err
      root = await this.resolve(known, signal)
    }
    this.memo.set(archive, { root, until: Date.now() + MEMO_MS })
    return root
  }

  private async resolve (archive: string, signal?: AbortSignal): Promise<CID> {
    const cid = parseCid(archive)
    if (cid != null && cid.code !== LIBP2P_KEY) return cid
    if (isIpnsName(archive) || cid != null) return this.resolveIpns(archive, signal)
    return this.resolveLocal(archive, signal)
  }

  /** Over the routers, else from the record Helia keeps, validated again (it lasts as long as the record). */
  private async resolveIpns (name: string, signal?: AbortSignal): Promise<CID> {
    const { ipns } = await this.node.get()
    const key = CID.parse(canonicalIpnsName(name), base36)
    let value: string | undefined
    try {
      for await (const result of ipns.resolve(key, { signal })) value = result.value
    } catch (err) {
      try {
        for await (const result of ipns.resolve(key, { signal, offline: true })) value = result.value
      } catch {
        throw new NotFoundError(`the IPNS name ${name} did not resolve`, { cause: err })
      }
    }
    const m = /^\/ipfs\/([^/]+)/.exec(value ?? '')
    const root = m?.[1] != null ? parseCid(m[1]) : undefined
    if (root == null) throw new ArchiveError(`the IPNS name ${name} points at ${JSON.stringify(value)}, not an archive root`)
    return root
  }

  /** Names only a local node knows: asked of each configured gateway that is one. */
  private async resolveLocal (archive: string, signal?: AbortSignal): Promise<CID> {
    const settings = await this.settings.current()
    let unreachable: unknown
    for (const gateway of settings.gateways) {
      let api: ArchivesApi | undefined
      try {
        api = await archivesOf(gateway, signal)
      } catch (err) {
        unreachable = err
      }
      const root = api != null ? await this.rootIn(api, archive, signal) : undefined
      if (root != null) return root
    }
    if (unreachable != null) throw new ArchiveError(`no gateway could say what ${JSON.stringify(archive)} is`, { cause: unreachable })
    throw new NotFoundError(`no archive is named ${JSON.stringify(archive)}`)
  }

  /** The root a node's archive list gives for a local or DNSLink-style name. */
  private async rootIn (api: ArchivesApi, archive: string, signal?: AbortSignal): Promise<CID | undefined> {
    const local = api.archives.find(a => a.name === archive)
    const root = local?.root != null ? parseCid(local.root) : undefined
    if (root != null) return root
    const target = api.dnslinks?.find(d => d.domain === archive)?.target
    if (target?.startsWith('/ipfs/') === true) return parseCid(target.slice(6))
    if (target?.startsWith('/ipns/') === true) return this.resolveIpns(target.slice(6), signal)
    return undefined
  }
}

/** A node's `/api/v1/archives`, undefined when the gateway is no node. */
async function archivesOf (gateway: string, signal?: AbortSignal): Promise<ArchivesApi | undefined> {
  const response = await fetch(new URL('/api/v1/archives', gateway), { cache: 'no-store', signal })
  if (!response.ok) return undefined
  const api = await response.json() as ArchivesApi
  return Array.isArray(api.archives) ? api : undefined
}

function parseCid (text: string): CID | undefined {
  try {
    return CID.parse(text, text.startsWith('k') ? base36 : undefined)
  } catch {
    return undefined
  }
}
