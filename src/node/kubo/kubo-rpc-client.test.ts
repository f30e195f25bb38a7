import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { create, type KuboRPCClient } from 'kubo-rpc-client'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportCar } from '../../core/car/car-io.ts'
import { walkDag } from '../../core/car/walk-dag.ts'
import { ArchiveRegistry } from '../archive-registry.ts'
import { runCliCaptured } from '../cli/run-cli.test-support.ts'
import { openEmbeddedStore, type EmbeddedStore } from '../embedded-store.ts'
import { PinStore } from '../pins/pin-store.ts'
import { startLocalNode, type LocalNode } from '../serve/local-node.ts'
import { nodeServices } from '../serve/node-services.ts'
import { TokenStore } from '../tokens/token-store.ts'
import { kuboTarget } from './kubo-target.ts'
import { pushArchive, type PushReport } from './push-archive.ts'
import { alterBlock, collect } from './kubo-rpc.test-support.ts'

const FIXTURES = new URL('../../../../shared/fixtures/', import.meta.url).pathname
const fresh = (): string => mkdtempSync(join(tmpdir(), 'iparo-kubo-client-'))

const iparo = runCliCaptured

/** A data folder with archive `a` ingested from a fixture, its root, name and signed record. */
async function archiveFolder (fixtures: string[]): Promise<{ data: string, root: CID, ipns: string, record: Uint8Array, car: Uint8Array, cids: CID[] }> {
  const data = fresh()
  const ingest = await iparo(['ingest', ...fixtures.map(f => FIXTURES + f), '--archive', 'a', '--data', data])
  if (ingest.code !== 0) throw new Error(ingest.err)
  const store = await openEmbeddedStore(data)
  try {
    const registry = new ArchiveRegistry(store)
    const { root: rootText, ipns } = await registry.require('a')
    const root = CID.parse(rootText)
    const record = await registry.ipnsRecord(ipns)
    if (record == null) throw new Error('no record')
    const cids: CID[] = []
    for await (const block of walkDag(store.blocks, [root])) cids.push(block.cid)
    return { data, root, ipns, record, car: await collect(exportCar(store.blocks, [root])), cids }
  } finally {
    await store.close()
  }
}

describe('kubo-rpc-client against an IPARO node', () => {
  let a: Awaited<ReturnType<typeof archiveFolder>>
  let store: EmbeddedStore
  let node: LocalNode
  let token: string
  let client: KuboRPCClient

  beforeAll(async () => {
    a = await archiveFolder(['ipwb/5mementos.warc', 'ipwb/frogTest.warc'])
    store = await openEmbeddedStore(fresh())
    token = (await new TokenStore(store.dir).create('test')).token
    node = await serveOffline(store)
    client = create({ url: node.url, headers: { Authorization: `Bearer ${token}` } })
  })
  afterAll(async () => { await node?.close(); await store?.close() })

  it('refuses a CAR with one altered block, keeping none of its blocks', async () => {
    const altered = await alterBlock(a.car, Math.floor(a.cids.length / 2))
    const failure = await collect((async function * () { for await (const _ of client.dag.import([altered.car])) yield new Uint8Array(0) })()).catch((err: unknown) => err)
    expect((failure as { response?: { status: number } }).response?.status).toBe(400)
    expect((failure as Error).message).toBe(`block ${altered.cid.toString()} failed verification: its bytes do not match its CID`)
    for (const cid of altered.cids) expect(await store.blocks.has(cid)).toBe(false)
  })

  it('dag.import of an exported CAR stores the archive and pins its root', async () => {
    const results = []
    for await (const result of client.dag.import([a.car])) results.push(result)
    expect(results.map(r => ({ cid: r.root.cid.toString(), error: r.root.pinErrorMsg }))).toEqual([{ cid: a.root.toString(), error: '' }])
    for (const cid of a.cids) expect(await store.blocks.has(cid)).toBe(true)
    expect((await new PinStore(store).roots()).map(String)).toEqual([a.root.toString()])
    const pins = []
    for await (const pin of client.pin.ls({ paths: [a.root], type: 'recursive' })) pins.push(pin.cid.toString())
    expect(pins).toEqual([a.root.toString()])
  })

  it('routing.put of the record: the node then answers it by delegated routing, and the archive resolves there', async () => {
    const events = []
    for await (const event of client.routing.put(`/ipns/${a.ipns}`, a.record, { allowOffline: true })) events.push(event.name)
    expect(events).toEqual(['VALUE'])
    const answer = await fetch(`${node.url}routing/v1/ipns/${a.ipns}`)
    expect(answer.status).toBe(200)
    expect(new Uint8Array(await answer.arrayBuffer())).toEqual(new Uint8Array(a.record))
    const archive = await fetch(`${node.url}api/v1/archive/${a.ipns}`)
    expect(archive.status).toBe(200)
    expect(((await archive.json()) as { root: string }).root).toBe(a.root.toString())
  })

  it('a missing token is a 401, a wrong one a 403', async () => {
    for (const [headers, status] of [[{}, 401], [{ Authorization: 'Bearer iparo_wrong' }, 403]] as const) {
      const other = create({ url: node.url, headers })
      const failure = await other.id().catch((err: unknown) => err)
      expect((failure as { response?: { status: number } }).response?.status).toBe(status)
      const refused = await (async () => { for await (const _ of other.dag.import([a.car])) { /* none */ } })().catch((err: unknown) => err)
      expect((refused as { response?: { status: number } }).response?.status).toBe(status)
    }
  })
})

describe('iparo push', () => {
  let store: EmbeddedStore
  let node: LocalNode
  let token: string

  beforeAll(async () => {
    store = await openEmbeddedStore(fresh())
    token = (await new TokenStore(store.dir).create('push')).token
    node = await serveOffline(store)
  })
  afterAll(async () => { await node?.close(); await store?.close() })

  it('uploads an archive and its record; a second push sends nothing; an updated archive sends only what is new', async () => {
    const a = await archiveFolder(['ipwb/5mementos.warc'])
    const first = await iparo(['push', 'a', '--kubo', node.url, '--token', token, '--json', '--data', a.data])
    expect(first.err).toBe('')
    expect(first.code).toBe(0)
    const report = JSON.parse(first.out) as PushReport
    expect(report.blocks.sent).toBe(a.cids.length)
    expect(report.pins).toEqual([{ cid: a.root.toString(), pinned: true }])
    expect(report.record.put).toBe(true)
    for (const cid of a.cids) expect(await store.blocks.has(cid)).toBe(true)
    expect((await fetch(`${node.url}routing/v1/ipns/${a.ipns}`)).status).toBe(200)

    const second = await iparo(['push', 'a', '--kubo', node.url, '--token', token, '--data', a.data])
    expect(second.code).toBe(0)
    expect(second.out).toContain('blocks: none sent, the archive is pinned there already')
    // the ingest that created the archive published its first record (sequence 0)
    expect(second.out).toContain('record: put (sequence 0)')

    // a new capture into the same archive: a new root sharing most blocks with the pushed one
    expect((await iparo(['ingest', FIXTURES + 'ipwb/salam-home.warc', '--archive', 'a', '--data', a.data])).code).toBe(0)
    const third = JSON.parse((await iparo(['push', 'a', '--kubo', node.url, '--token', token, '--json', '--data', a.data])).out) as PushReport
    expect(third.blocks.skipped).toBe(false)
    expect(third.blocks.sent).toBeGreaterThan(0)
    expect(third.blocks.sent).toBeLessThan(third.blocks.checked + third.blocks.unchecked)
    expect(third.record).toMatchObject({ put: true })
    const archive = await (await fetch(`${node.url}api/v1/archive/${a.ipns}`)).json() as { root: string }
    expect(archive.root).toBe(third.roots[0])
  })

  it('sends a large archive in several CARs, pinning its root with the last one', async () => {
    const a = await archiveFolder(['ipwb/frogTest.warc', 'ipwb/baconIpsum.warc.gz'])
    const source = await openEmbeddedStore(a.data)
    try {
      const steps: string[] = []
      const target = kuboTarget(node.url, token)
      let imports = 0
      const counted = { ...target, importCar: async (...args: Parameters<typeof target.importCar>) => { imports++; return target.importCar(...args) } }
      // dataDir: the walk's sets on disk, as `iparo push` runs it
      const report = await pushArchive({ blocks: source.blocks, registry: new ArchiveRegistry(source), archive: 'a', target: counted, maxCarBytes: 8 * 1024, dataDir: a.data, onStep: (s) => { steps.push(s.step) } })
      expect(steps).toEqual(['target', 'blocks', 'pins', 'record'])
      expect(report.blocks.cars).toBeGreaterThan(2)
      expect(report.blocks.cars).toBe(imports)
      // a block or two may be there already: the node holds the archives of the test before
      expect(report.blocks.sent + report.blocks.present).toBe(a.cids.length)
      expect(report.pins).toEqual([{ cid: a.root.toString(), pinned: true }])
      for (const cid of a.cids) expect(await store.blocks.has(cid)).toBe(true)
      expect((await new PinStore(store).roots()).map(String)).toContain(a.root.toString())
    } finally {
      await source.close()
    }
  })

  it('exits 1 when the token is refused and 2 on a usage mistake', async () => {
    const a = await archiveFolder(['ipwb/1memento.warc'])
    const refused = await iparo(['push', 'a', '--kubo', node.url, '--token', 'iparo_wrong', '--data', a.data])
    expect(refused.code).toBe(1)
    expect(refused.err).toContain('refused the token')
    expect((await iparo(['push', 'a', '--data', a.data])).code).toBe(2)
    expect((await iparo(['push', 'a', '--kubo', 'ftp://x', '--data', a.data])).code).toBe(2)
  })
})

/** The node `iparo serve --offline` runs over `store`: its routes with the services' (pinning API, Kubo RPC), none started. */
async function serveOffline (store: EmbeddedStore): Promise<LocalNode> {
  const services = nodeServices({ store, registry: new ArchiveRegistry(store), provide: 'archives', routers: [], httpDelegate: () => [], log: () => {} })
  return startLocalNode({ store, services })
}
