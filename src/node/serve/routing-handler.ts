import { CID } from 'multiformats/cid'
import { NotFoundError, UnsupportedFormatError } from '../../core/errors.ts'
import type { BlockStore } from '../../core/blocks.ts'
import { canonicalIpnsName, validateArchiveRecord } from '../../core/naming/ipns-name.ts'
import type { RouteHandler } from '../../core/routing/route-handler.ts'
import { equals } from 'uint8arrays/equals'
import type { ArchiveRegistry } from '../archive-registry.ts'
import type { NetworkNode } from '../p2p/network-node.ts'
import { requireMethod } from '../../core/routing/require-method.ts'

const IPNS_RECORD_TYPE = 'application/vnd.ipfs.ipns-record'

export interface ProviderSelf {
  /** this node's peer ID */
  peerId: string
  /** multiaddrs of this node's HTTP gateway, e.g. /ip4/127.0.0.1/tcp/8080/http */
  addrs: () => string[]
}

/**
 * Delegated routing v1 (https://specs.ipfs.tech/routing/http-routing-v1/) for what this node holds:
 * IPNS records (GET, and PUT of a valid newer record) and itself as the provider of its blocks, as an
 * HTTP trustless gateway. Nothing is looked up elsewhere: the node answers for its own store only.
 */
export class RoutingHandler implements RouteHandler {
  readonly name = 'routing'

  constructor (
    private readonly registry: ArchiveRegistry,
    private readonly blocks: Pick<BlockStore, 'has'>,
    private readonly self: ProviderSelf,
    /** where an accepted record goes on to: the DHT, when the node runs libp2p */
    private readonly network?: Pick<NetworkNode, 'putIpns'>,
    private readonly log: (line: string) => void = () => {}
  ) {}

  canHandle (_request: Request, url: URL): boolean {
    return url.pathname.startsWith('/routing/v1/')
  }

  async handle (request: Request, url: URL): Promise<Response> {
    const [kind = '', id = '', ...extra] = url.pathname.slice('/routing/v1/'.length).split('/')
    if (id === '' || extra.length > 0) throw new NotFoundError(`no such routing resource: ${url.pathname}`)
    if (kind === 'ipns') return this.ipns(request, id)
    if (kind === 'providers') return this.providers(request, id)
    throw new NotFoundError(`no such routing resource: ${url.pathname}`)
  }

  private async ipns (request: Request, id: string): Promise<Response> {
    const name = canonicalIpnsName(id)
    if (request.method === 'PUT') {
      // validated here and again on accept: a record that fails is a 400, an older one a 409. The accept
      // is one compare-and-set under the data folder's IPNS lock, so neither concurrent PUTs nor a CLI
      // publishing meanwhile can leave a lower sequence stored over one already accepted.
      const bytes = new Uint8Array(await request.arrayBuffer())
      await validateArchiveRecord(name, bytes)
      // The very record held is taken again (`iparo publish` shares the data folder, so it always sends
      // what the node holds): it goes on to the DHT all the same.
      const held = await this.registry.ipnsRecord(name)
      if (held == null || !equals(held, bytes)) await this.registry.acceptIpnsRecord(name, bytes)
      await this.toDht(name, bytes, request.signal)
      return new Response(null, { status: 200 })
    }
    requireMethod(request, ['GET', 'HEAD', 'PUT'])
    const record = await this.registry.ipnsRecord(name)
    if (record == null) throw new NotFoundError(`no IPNS record for ${name} is held here`)
    // A held record that no longer validates (expired) is not handed on.
    await validateArchiveRecord(name, record)
    return new Response(record as Uint8Array<ArrayBuffer>, {
      headers: { 'Content-Type': IPNS_RECORD_TYPE, 'Content-Length': String(record.byteLength), 'Cache-Control': 'public, max-age=60', Vary: 'Accept' }
    })
  }

  /** Best effort: the record is held here either way, and the republisher sends it again later. */
  private async toDht (name: string, bytes: Uint8Array, signal: AbortSignal): Promise<void> {
    if (this.network == null) return
    try {
      await this.network.putIpns(name, bytes, { signal })
    } catch (err) {
      this.log(`iparo: putting the IPNS record of ${name} into the DHT failed: ${(err as Error).message}`)
    }
  }

  private async providers (request: Request, id: string): Promise<Response> {
    requireMethod(request)
    let cid: CID
    try {
      cid = CID.parse(id)
    } catch (err) {
      throw new UnsupportedFormatError(`${JSON.stringify(id)} is not a CID`, { cause: err })
    }
    const held = await this.blocks.has(cid)
    const providers = held ? [{ Schema: 'peer', ID: this.self.peerId, Addrs: this.self.addrs(), Protocols: ['transport-ipfs-gateway-http'] }] : []
    if ((request.headers.get('accept') ?? '').includes('application/x-ndjson')) {
      return new Response(providers.map(p => JSON.stringify(p) + '\n').join(''), { headers: { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-cache' } })
    }
    return Response.json({ Providers: providers }, { headers: { 'Cache-Control': 'no-cache' } })
  }
}
