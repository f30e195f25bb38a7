import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterEach, describe, expect, it } from 'vitest'
import { MemoryBlockStore } from '../../core/blocks.ts'
import { walkDag } from '../../core/car/walk-dag.ts'
import { validateArchiveRecord } from '../../core/naming/ipns-name.ts'
import { ArchiveRegistry } from '../archive-registry.ts'
import { openEmbeddedStore, type EmbeddedStore } from '../embedded-store.ts'
import type { NetworkNode } from '../p2p/network-node.ts'
import type { PinRecord } from '../pins/pin-store.ts'
import { TokenStore } from '../tokens/token-store.ts'
import { createPinningService, type PinningService } from './pinning-service.ts'
import { StoreNetwork } from './store-network.test-support.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c() })

async function storeAt (): Promise<EmbeddedStore> {
  const store = await openEmbeddedStore(mkdtempSync(join(tmpdir(), 'iparo-pin-worker-')))
  cleanups.push(async () => { await store.close() })
  return store
}

/** A pinning node over its own store, started; `network` undefined is --offline. */
async function pinningNode (store: EmbeddedStore, network: (store: EmbeddedStore) => NetworkNode | undefined): Promise<PinningService & { token: string }> {
  const tokens = new TokenStore(store.dir)
  const token = (await tokens.create()).token
  const service = createPinningService({
    store,
    registry: new ArchiveRegistry(store),
    tokens,
    network: network(store),
    fallbackDelegates: () => ['/ip4/127.0.0.1/tcp/8420/http/p2p/12D3KooWGzh9ZbCWkEnpE6hgAxH9nPX4Dm3aJ1AzeqQdBNzu4VZ6'],
    worker: { attemptTimeoutMs: 100, retryMs: 10, maxRetryMs: 40 }
  })
  service.worker.start()
  cleanups.push(async () => { await service.worker.stop() })
  return { ...service, token }
}

async function post (node: PinningService & { token: string }, pin: Record<string, unknown>): Promise<PinRecord & { delegates: string[] }> {
  const url = 'http://127.0.0.1:8420/pinning/pins'
  const response = await node.handler.handle(new Request(url, { method: 'POST', headers: { authorization: `Bearer ${node.token}` }, body: JSON.stringify(pin) }), new URL(url))
  expect(response.status).toBe(202)
  return await response.json() as PinRecord & { delegates: string[] }
}

/** Polls the pin until `ok` holds, for at most 20 s. */
async function until (node: PinningService, requestid: string, ok: (pin: PinRecord) => boolean): Promise<PinRecord> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const pin = await node.pins.get(requestid)
    if (pin != null && ok(pin)) return pin
    if (Date.now() > deadline) throw new Error(`pin ${requestid} never got there: ${JSON.stringify(pin)}`)
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

const rawCid = async (text: string): Promise<CID> => CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode(text)))

describe('the pin worker', () => {
  it('offline: a pin waits, queued, and the delegates name the HTTP gateway', async () => {
    const node = await pinningNode(await storeAt(), () => undefined)
    const posted = await post(node, { cid: (await rawCid('anything')).toString() })
    expect(posted.delegates).toEqual(['/ip4/127.0.0.1/tcp/8420/http/p2p/12D3KooWGzh9ZbCWkEnpE6hgAxH9nPX4Dm3aJ1AzeqQdBNzu4VZ6'])
    await node.worker.stop()
    expect((await node.pins.get(posted.requestid))?.status).toBe('queued')
  })

  it('pins an archive from its origins, every block here, and adopts the IPNS record sent with it', async () => {
    const a = await storeAt()
    const registryA = new ArchiveRegistry(a)
    const archive = await registryA.create('crawl')
    const record = await registryA.ipnsRecord(archive.ipns) as Uint8Array
    const b = await storeAt()
    let network: StoreNetwork | undefined
    const node = await pinningNode(b, store => (network = new StoreNetwork(store, a.blocks)))
    expect(node.handler).toBeDefined()
    const origins = ['/ip4/127.0.0.1/tcp/5555/p2p/12D3KooWGzh9ZbCWkEnpE6hgAxH9nPX4Dm3aJ1AzeqQdBNzu4VZ6']
    const posted = await post(node, { cid: archive.root, name: 'crawl', origins, meta: { ipns_record: Buffer.from(record).toString('base64') } })
    expect(posted.delegates).toEqual(network?.addresses())
    const pinned = await until(node, posted.requestid, p => p.status === 'pinned' && p.info?.ipns != null)
    expect(pinned.info).toMatchObject({ ipns: archive.ipns, ipns_record: 'request' })
    expect(network?.fetched[0]).toEqual(origins)
    for await (const block of walkDag(a.blocks, [CID.parse(archive.root)])) expect(await b.blocks.get(block.cid)).toEqual(block.bytes)
    expect(Number(pinned.info?.blocks)).toBeGreaterThan(1)
    const held = await new ArchiveRegistry(b).ipnsRecord(archive.ipns)
    expect(held).toEqual(record)
    expect((await new ArchiveRegistry(b).resolve(archive.ipns)).rootCid.toString()).toBe(archive.root)
  })

  it('without a usable record in the pin, asks the network for it; a newer one held is kept', async () => {
    const a = await storeAt()
    const registryA = new ArchiveRegistry(a)
    const archive = await registryA.create('crawl')
    const first = await registryA.ipnsRecord(archive.ipns) as Uint8Array
    const b = await storeAt()
    const node = await pinningNode(b, store => new StoreNetwork(store, a.blocks, new Map([[archive.ipns, first]])))
    const one = await post(node, { cid: archive.root, meta: { ipns_record: 'bm90IGEgcmVjb3Jk' } })
    expect((await until(node, one.requestid, p => p.info?.ipns_record != null)).info?.ipns_record).toBe('network')

    // a newer record (sequence 1) now held here: an older one sent with a pin changes nothing
    const newer = (await registryA.publish('crawl')).record
    await new ArchiveRegistry(b).acceptIpnsRecord(archive.ipns, newer)
    const two = await post(node, { cid: archive.root, meta: { ipns_record: Buffer.from(first).toString('base64') } })
    expect((await until(node, two.requestid, p => p.info?.ipns_record != null)).info?.ipns_record).toBe('held')
    const held = await new ArchiveRegistry(b).ipnsRecord(archive.ipns) as Uint8Array
    expect((await validateArchiveRecord(archive.ipns, held)).sequence).toBe(1n)
  })

  it('a block that fails verification fails the pin, with the reason in info', async () => {
    const peer = new MemoryBlockStore()
    const leaf = await rawCid('leaf')
    await peer.put(leaf, new TextEncoder().encode('not the leaf'))
    const rootBytes = dagCbor.encode({ leaf })
    const root = CID.createV1(dagCbor.code, await sha256.digest(rootBytes))
    await peer.put(root, rootBytes)
    const node = await pinningNode(await storeAt(), store => new StoreNetwork(store, peer))
    const posted = await post(node, { cid: root.toString() })
    const failed = await until(node, posted.requestid, p => p.status === 'failed')
    expect(failed.info).toMatchObject({ reason: 'BlockVerificationError' })
    expect(failed.info?.status_details).toContain(leaf.toString())
  })

  it('a CID nobody provides stays pinning through attempt after attempt, never failed', async () => {
    const node = await pinningNode(await storeAt(), store => new StoreNetwork(store, new MemoryBlockStore()))
    const posted = await post(node, { cid: (await rawCid('nobody has this')).toString() })
    const waiting = await until(node, posted.requestid, p => p.status === 'failed' || (Number(p.info?.attempts ?? 0) >= 3 && p.info?.status_details?.startsWith('not found yet') === true))
    expect(waiting.status).toBe('pinning')
    expect(waiting.info?.status_details).toMatch(/^not found yet/)
  })

  it('a pin removed while it is fetched is abandoned, and the others go on', async () => {
    const a = await storeAt()
    const archive = await new ArchiveRegistry(a).create('crawl')
    const node = await pinningNode(await storeAt(), store => new StoreNetwork(store, a.blocks))
    const stuck = await post(node, { cid: (await rawCid('nobody has this')).toString() })
    await until(node, stuck.requestid, p => p.status === 'pinning')
    expect(await node.pins.remove(stuck.requestid)).toBe(true)
    const ok = await post(node, { cid: archive.root })
    await until(node, ok.requestid, p => p.status === 'pinned')
    expect(await node.pins.get(stuck.requestid)).toBeUndefined()
  })
})
