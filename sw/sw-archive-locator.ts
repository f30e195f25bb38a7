import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import { ArchiveError, NotFoundError } from '../src/core/errors.ts'
import { canonicalIpnsName, isIpnsName } from '../src/core/naming/ipns-name.ts'
import type { ArchiveLocator } from '../src/core/replay/archive-readers.ts'
import type { LazyHelia } from './helia-node.ts'
import type { SwDb } from './sw-db.ts'

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
 * `/api/v1/archives`. The last root each name resolved to is kept in IndexedDB, so that an archive
 * opens offline after the record's TTL, when the node is gone.
 */
export class SwArchiveLocator implements ArchiveLocator {
  private readonly memo = new Map<string, { root: CID, until: number }>()

  constructor (private readonly node: LazyHelia, private readonly db: () => Promise<SwDb>) {}

  async locate (archive: string, signal?: AbortSignal): Promise<CID> {
    const memo = this.memo.get(archive)
    if (memo != null && memo.until > Date.now()) return memo.root
    let root: CID
    try {
      root = await this.resolve(archive, signal)
    } catch (err) {
      // IPNS names fall back to their signed record (resolveIpns); only names nothing signs use the
      // remembered root, which is as trustworthy as this origin's IndexedDB (docs/replay-origins.md).
      const last = isIpnsName(archive) ? undefined : await (await this.db()).get('roots', archive)
      if (last == null) throw err
      root = CID.parse(last.root)
    }
    this.memo.set(archive, { root, until: Date.now() + MEMO_MS })
    const db = await this.db()
    if ((await db.get('roots', archive))?.root !== root.toString()) await db.put('roots', { archive, root: root.toString(), at: Date.now() })
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
    const { settings } = await this.node.get()
    let unreachable: unknown
    for (const gateway of settings.gateways) {
      let api: ArchivesApi
      try {
        const response = await fetch(new URL('/api/v1/archives', gateway), { cache: 'no-store', signal })
        if (!response.ok) continue
        api = await response.json() as ArchivesApi
      } catch (err) {
        unreachable = err
        continue
      }
      const local = api.archives.find(a => a.name === archive)
      const root = local?.root != null ? parseCid(local.root) : undefined
      if (root != null) return root
      const target = api.dnslinks?.find(d => d.domain === archive)?.target
      if (target?.startsWith('/ipfs/') === true) {
        const pinned = parseCid(target.slice(6))
        if (pinned != null) return pinned
      }
      if (target?.startsWith('/ipns/') === true) return this.resolveIpns(target.slice(6), signal)
    }
    if (unreachable != null) throw new ArchiveError(`no gateway could say what ${JSON.stringify(archive)} is`, { cause: unreachable })
    throw new NotFoundError(`no archive is named ${JSON.stringify(archive)}`)
  }
}

function parseCid (text: string): CID | undefined {
  try {
    return CID.parse(text, text.startsWith('k') ? base36 : undefined)
  } catch {
    return undefined
  }
}
