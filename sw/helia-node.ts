import { delegatedHTTPRouter } from '@helia/delegated-routing-client'
import { fallbackRouter } from '@helia/fallback-router'
import type { Helia, Router } from '@helia/interface'
import { ipnsResolver, type IPNSResolver } from '@helia/ipns'
import { IDBBlockstore } from 'blockstore-idb'
import { IDBDatastore } from 'datastore-idb'
import { trustlessGatewayBlockBroker } from '@helia/trustless-gateway-client'
import { createHeliaLight } from 'helia'
import type { ReplaySettings } from '../src/messages/settings-defaults.ts'

export interface HeliaNode {
  helia: Helia
  ipns: IPNSResolver
  settings: ReplaySettings
}

/** IndexedDB names of Helia's stores (the e2e tests read them to alter a block behind the worker's back). */
export const BLOCKS_DB = 'iparo-blocks'
export const DATASTORE_DB = 'iparo-datastore'

/**
 * A delegated router asked for IPNS records only. Blocks come from the configured gateways directly:
 * a provider lookup per block would double the requests, and would send the worker to whatever
 * addresses a router hands out rather than to the gateways the settings name.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Helia types router factories' components as any
function recordsOnly (factory: (components: any) => Router): (components: any) => Router {
  return (components) => {
    const inner = factory(components)
    const get = inner.get?.bind(inner)
    return { name: `${inner.name}-records`, ...(get != null ? { get } : {}) }
  }
}

/**
 * The configured gateways as providers of every block. Not marked as a fallback: Helia 7 asks
 * fallback routers only after the others, and with no other content router that wait never ends.
 */
function gatewaysRouter (gateways: string[]): Router {
  const inner = fallbackRouter({ gateways, shuffle: false })
  return {
    name: 'configured-gateways',
    findProviders: (cid, options) => {
      if (inner.findProviders == null) throw new TypeError('the fallback router lists no providers')
      return inner.findProviders(cid, options)
    }
  }
}

/**
 * Helia over HTTP only: trustless gateways for blocks, delegated routing for IPNS records, IndexedDB
 * for both stores. No libp2p: it would triple the bundle, and a worker cannot dial peers anyway.
 */
export async function createHeliaNode (settings: ReplaySettings): Promise<HeliaNode> {
  const blockstore = new IDBBlockstore(BLOCKS_DB)
  const datastore = new IDBDatastore(DATASTORE_DB)
  await Promise.all([blockstore.open(), datastore.open()])
  const helia = createHeliaLight({
    blockstore,
    datastore,
    // The local node is http://127.0.0.1: without these the broker skips it silently.
    blockBrokers: [trustlessGatewayBlockBroker({ allowInsecure: true, allowLocal: true })],
    routers: [
      ...settings.routers.map(url => recordsOnly(delegatedHTTPRouter({ url }))),
      gatewaysRouter(settings.gateways)
    ]
  })
  await helia.start()
  return { helia, ipns: ipnsResolver(helia), settings }
}

/**
 * One node per worker, made on first use (a worker that only serves app files never opens IndexedDB)
 * and again after a settings change or a failed start. The browser may stop the worker at any time;
 * the next event starts from nothing and comes back here.
 */
export class LazyHelia {
  private node: Promise<HeliaNode> | undefined = undefined

  constructor (private readonly settings: () => Promise<ReplaySettings>) {}

  async get (): Promise<HeliaNode> {
    this.node ??= this.settings().then(createHeliaNode)
    const node = this.node
    try {
      return await node
    } catch (err) {
      if (this.node === node) this.node = undefined
      throw err
    }
  }

  /** Drops the node so the next request builds one with the current settings. */
  async reset (): Promise<void> {
    const old = this.node
    this.node = undefined
    if (old != null) await old.then(async n => { await n.helia.stop() }, () => {})
  }
}
