import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { afterEach, describe, expect, it } from 'vitest'
import { walkDag } from '../../core/car/walk-dag.ts'
import { ArchiveRegistry } from '../archive-registry.ts'
import { openEmbeddedStore, type EmbeddedStore } from '../embedded-store.ts'
import type { NetworkNode } from '../p2p/network-node.ts'
import { startNetworkNode } from '../p2p/start-network-node.ts'
import type { PinRecord } from '../pins/pin-store.ts'
import { TokenStore } from '../tokens/token-store.ts'
import { createPinningService } from './pinning-service.ts'

const open: Array<{ close: () => Promise<void> }> = []
afterEach(async () => { for (const o of open.splice(0).reverse()) await o.close() })

async function storeAt (): Promise<EmbeddedStore> {
  const store = await openEmbeddedStore(mkdtempSync(join(tmpdir(), 'iparo-pin-p2p-')))
  open.push(store)
  return store
}

async function node (store: EmbeddedStore, bootstrap: string[]): Promise<NetworkNode> {
  // loopback only, explicit bootstrap: nothing here reaches out of this machine
  const n = await startNetworkNode(store, { listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap })
  open.push(n)
  return n
}

describe('pinning between two IPARO nodes over libp2p (loopback)', () => {
  it('B pins A\'s archive from A\'s addresses over Bitswap, and adopts its IPNS record', async () => {
    const storeA = await storeAt()
    const registryA = new ArchiveRegistry(storeA)
    const archive = await registryA.create('crawl')
    const record = await registryA.ipnsRecord(archive.ipns) as Uint8Array
    const a = await node(storeA, [])

    const storeB = await storeAt()
    const b = await node(storeB, [])
    const tokens = new TokenStore(storeB.dir)
    const token = (await tokens.create()).token
    const service = createPinningService({ store: storeB, registry: new ArchiveRegistry(storeB), tokens, network: b, worker: { attemptTimeoutMs: 20_000 } })
    service.worker.start()
    open.push({ close: service.worker.stop })

    const url = 'http://127.0.0.1:8420/pinning/pins'
    const body = JSON.stringify({ cid: archive.root, name: 'crawl', origins: a.addresses(), meta: { ipns_record: Buffer.from(record).toString('base64') } })
    const posted = await service.handler.handle(new Request(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body }), new URL(url))
    expect(posted.status).toBe(202)
    const { requestid, delegates } = await posted.json() as { requestid: string, delegates: string[] }
    expect(delegates).toEqual(b.addresses())

    const deadline = Date.now() + 30_000
    let pin: PinRecord | undefined
    while ((pin = await service.pins.get(requestid))?.info?.ipns_record == null && pin?.status !== 'failed' && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 20))
    }
    expect(pin).toMatchObject({ status: 'pinned', info: { ipns: archive.ipns, ipns_record: 'request' } })
    for await (const block of walkDag(storeA.blocks, [CID.parse(archive.root)])) expect(await storeB.blocks.get(block.cid)).toEqual(block.bytes)
    expect(await new ArchiveRegistry(storeB).ipnsRecord(archive.ipns)).toEqual(record)
  }, 60_000)
})
