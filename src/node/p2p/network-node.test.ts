import { CID } from 'multiformats/cid'
import { afterEach, describe, expect, it } from 'vitest'
import { FIXTURES, fresh, iparo, json } from '../../../e2e/support/iparo-process.ts'
import { walkDag } from '../../core/car/walk-dag.ts'
import { validateArchiveRecord } from '../../core/naming/ipns-name.ts'
import { ArchiveRegistry } from '../archive-registry.ts'
import { openEmbeddedStore, type EmbeddedStore } from '../embedded-store.ts'
import type { NetworkNode } from './network-node.ts'
import { loopbackRelay } from './relay.test-support.ts'
import { startNetworkNode } from './start-network-node.ts'

const IANA = `${FIXTURES}pywb/iana.warc.gz`
const open: Array<{ close: () => Promise<void> }> = []
afterEach(async () => { for (const o of open.splice(0).reverse()) await o.close() })

async function node (store: EmbeddedStore, bootstrap: string[], listen: string[] = []): Promise<NetworkNode> {
  // loopback only, explicit bootstrap: nothing here may reach out of this machine
  const n = await startNetworkNode(store, { listen: ['/ip4/127.0.0.1/tcp/0', ...listen], bootstrap })
  open.push(n)
  return n
}

async function storeAt (dir: string): Promise<EmbeddedStore> {
  const s = await openEmbeddedStore(dir)
  open.push(s)
  return s
}

describe('the libp2p node of iparo serve', () => {
  it('serves an archive over Bitswap and its IPNS record over the LAN DHT, both verified', async () => {
    const dataA = fresh()
    const ingested = json(await iparo(['ingest', IANA, '--archive', 'iana', '--data', dataA, '--json']))
    const storeA = await storeAt(dataA)
    const a = await node(storeA, [])
    expect(a.addresses()[0]).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/12D3Koo/)
    expect(a.reachability().status).toBe('private')
    const registry = new ArchiveRegistry(storeA)
    const archive = await registry.require('iana')
    const record = await registry.ipnsRecord(archive.ipns)
    expect(record).toBeDefined()
    await a.putIpns(archive.ipns, record as Uint8Array)

    const storeB = await storeAt(fresh())
    const b = await node(storeB, a.addresses())
    const got = await b.getIpns(archive.ipns)
    expect(got).toBeDefined()
    const root = (await validateArchiveRecord(archive.ipns, got as Uint8Array)).value
    expect(root.toString()).toBe(String(ingested.root ?? archive.root))

    const fetched = await b.fetchDag([root], { origins: a.addresses() })
    let count = 0
    for await (const block of walkDag(storeA.blocks, [CID.parse(archive.root)])) {
      expect(await storeB.blocks.get(block.cid)).toEqual(block.bytes)
      count++
    }
    expect(fetched.blocks).toBe(count)
    // a second fetch finds everything held: nothing is asked of the network
    expect((await b.fetchDag([root])).blocks).toBe(0)
  }, 60_000)

  it('behind a relay: a reservation gives a /p2p-circuit address, and a peer that knows only it fetches over Bitswap', async () => {
    const relay = await loopbackRelay()
    open.push({ close: async () => { await relay.stop() } })
    const relayAddr = relay.getMultiaddrs()[0]?.toString() ?? ''
    const dataA = fresh()
    json(await iparo(['ingest', IANA, '--archive', 'iana', '--data', dataA, '--json']))
    const storeA = await storeAt(dataA)
    // as `iparo serve --listen <relay>/p2p-circuit`: a reservation on that relay (Kubo's static relays)
    const a = await node(storeA, [relayAddr], [`${relayAddr}/p2p-circuit`])
    const circuit = a.addresses().find(addr => addr.includes('/p2p-circuit/'))
    expect(circuit).toMatch(/\/p2p-circuit\/p2p\/12D3Koo/)
    expect(a.reachability().status).toBe('relayed')
    const root = CID.parse((await new ArchiveRegistry(storeA).require('iana')).root)
    const storeB = await storeAt(fresh())
    const b = await node(storeB, [])
    const fetched = await b.fetchDag([root], { origins: [circuit ?? ''] })
    expect(fetched.blocks).toBeGreaterThan(100)
    expect(await storeB.blocks.get(root)).toEqual(await storeA.blocks.get(root))
  }, 60_000)
})
