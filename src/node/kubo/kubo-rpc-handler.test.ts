import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CarWriter } from '@ipld/car'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MemoryBlockStore } from '../../core/blocks.ts'
import { ingestFixtures } from '../../core/archive/archive-test-support.ts'
import { exportCar } from '../../core/car/car-io.ts'
import { validateArchiveRecord } from '../../core/naming/ipns-name.ts'
import { ArchiveRegistry } from '../archive-registry.ts'
import { openEmbeddedStore, type EmbeddedStore } from '../embedded-store.ts'
import { PinStore } from '../pins/pin-store.ts'
import { TokenStore } from '../tokens/token-store.ts'
import { KuboRpcHandler } from './kubo-rpc-handler.ts'
import { alterBlock, carCids, collect, kuboRequest } from './kubo-rpc.test-support.ts'

const BASE = 'http://127.0.0.1:5001/api/v0/'
const fresh = (): string => mkdtempSync(join(tmpdir(), 'iparo-kubo-'))

describe('KuboRpcHandler', () => {
  let store: EmbeddedStore
  let source: EmbeddedStore
  let handler: KuboRpcHandler
  let pins: PinStore
  let token: string
  const logged: string[] = []

  beforeEach(async () => {
    store = await openEmbeddedStore(fresh())
    source = await openEmbeddedStore(fresh())
    pins = new PinStore(store)
    const tokens = new TokenStore(store.dir)
    token = (await tokens.create('test')).token
    handler = new KuboRpcHandler({ store, registry: new ArchiveRegistry(store), tokens, pins, log: (line) => { logged.push(line) } })
  })
  afterEach(async () => { await store.close(); await source.close() })

  const call = async (path: string, options: Parameters<typeof kuboRequest>[1] = {}): Promise<Response> => {
    const request = kuboRequest(BASE + path, { token, ...options })
    return handler.handle(request, new URL(request.url))
  }

  async function archiveCar (): Promise<{ car: Uint8Array, root: CID }> {
    const memory = new MemoryBlockStore()
    const { rootCid } = await ingestFixtures(memory, ['ipwb/2mementos.warc'])
    return { car: await collect(exportCar(memory, [rootCid])), root: rootCid }
  }

  it('dag/import stores every block of a good CAR, pins its root and answers as Kubo', async () => {
    const { car, root } = await archiveCar()
    const response = await call('dag/import', { files: [car] })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.text()).toBe(JSON.stringify({ Root: { Cid: { '/': root.toString() }, PinErrorMsg: '' } }) + '\n')
    for (const cid of await carCids(car)) expect(await store.blocks.has(cid)).toBe(true)
    expect((await pins.list()).map(p => ({ cid: p.cid, source: p.source, status: p.status }))).toEqual([{ cid: root.toString(), source: 'dag-import', status: 'pinned' }])
    // the same CAR again: still one pin
    expect((await call('dag/import', { files: [car] })).status).toBe(200)
    expect(await pins.list()).toHaveLength(1)
    expect(readdirSync(join(store.dir, 'tmp'))).toEqual([])
  })

  it('dag/import removes the files a killed import left behind', async () => {
    const dead = spawn(process.execPath, ['-e', ''])
    await new Promise(resolve => dead.once('exit', resolve))
    mkdirSync(join(store.dir, 'tmp'), { recursive: true })
    const orphan = join(store.dir, 'tmp', `dag-import-${String(dead.pid)}-abcdef-0.car`)
    writeFileSync(orphan, 'half a CAR')
    const { car } = await archiveCar()
    expect((await call('dag/import', { files: [car] })).status).toBe(200)
    expect(readdirSync(join(store.dir, 'tmp'))).toEqual([])
  })

  it('dag/import with pin-roots=false keeps the blocks and pins nothing; stats=true counts them', async () => {
    const { car } = await archiveCar()
    const response = await call('dag/import?pin-roots=false&stats=true', { files: [car] })
    const count = (await carCids(car)).length
    expect(JSON.parse(await response.text())).toEqual({ Stats: { BlockCount: count, BlockBytesCount: expect.any(Number) as number } })
    expect(await pins.list()).toEqual([])
  })

  it('dag/import refuses a CAR with one altered block with a 400 and keeps none of its blocks', async () => {
    const { car } = await archiveCar()
    const altered = await alterBlock(car, 3)
    const response = await call('dag/import', { files: [altered.car] })
    expect(response.status).toBe(400)
    const body = await response.json() as { Message: string, Code: number, Type: string }
    expect(body).toEqual({ Message: `block ${altered.cid.toString()} failed verification: its bytes do not match its CID`, Code: 1, Type: 'error' })
    for (const cid of altered.cids) expect(await store.blocks.has(cid)).toBe(false)
    expect(await pins.list()).toEqual([])
    expect(readdirSync(join(store.dir, 'tmp'))).toEqual([])
  })

  it('dag/import of two CARs, the second altered, keeps nothing of either', async () => {
    const { car } = await archiveCar()
    const memory = new MemoryBlockStore()
    const other = await ingestFixtures(memory, ['ipwb/1memento.warc'])
    const altered = await alterBlock(await collect(exportCar(memory, [other.rootCid])), 1)
    const response = await call('dag/import', { files: [car, altered.car] })
    expect(response.status).toBe(400)
    for (const cid of [...await carCids(car), ...altered.cids]) expect(await store.blocks.has(cid)).toBe(false)
  })

  it('dag/import of a CAR holding part of a DAG keeps the blocks and says why the root is not pinned', async () => {
    const { car, root } = await archiveCar()
    const cids = await carCids(car)
    // a CAR of the root block alone: its links are not here
    const memory = new MemoryBlockStore()
    await ingestFixtures(memory, ['ipwb/2mementos.warc'])
    const rootOnly = await collect(exportCar(memory, [root], { scope: 'block' }))
    const response = await call('dag/import', { files: [rootOnly] })
    expect(response.status).toBe(200)
    const line = JSON.parse(await response.text()) as { Root: { Cid: { '/': string }, PinErrorMsg: string } }
    expect(line.Root.Cid['/']).toBe(root.toString())
    expect(line.Root.PinErrorMsg).toMatch(/^not pinned: block \S+ of the DAG is not held here/)
    expect(await store.blocks.has(root)).toBe(true)
    expect(await store.blocks.has(cids[1] as CID)).toBe(false)
    expect(await pins.list()).toEqual([])
  })

  it('dag/import refuses what is not a CAR, and a body that is not multipart', async () => {
    const notCar = await call('dag/import', { files: [new TextEncoder().encode('hello')] })
    expect(notCar.status).toBe(400)
    expect(await notCar.json()).toEqual({ Message: 'not a CAR file', Code: 1, Type: 'error' })
    const plain = await handler.handle(new Request(BASE + 'dag/import', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: 'x' }), new URL(BASE + 'dag/import'))
    expect(plain.status).toBe(400)
    const none = await call('dag/import', { files: [] })
    expect(none.status).toBe(400)
    expect(((await none.json()) as { Message: string }).Message).toMatch(/required/)
  })

  it('dag/import takes a CAR larger than the node\'s 8 MiB limit for other bodies, through a file aside', async () => {
    const leaves = Array.from({ length: 48 }, (_, i) => new Uint8Array(256 * 1024).fill(i))
    const leafCids = await Promise.all(leaves.map(async bytes => CID.createV1(raw.code, await sha256.digest(bytes))))
    const rootBytes = dagCbor.encode({ leaves: leafCids })
    const root = CID.createV1(dagCbor.code, await sha256.digest(rootBytes))
    const { writer, out } = CarWriter.create([root])
    const written = collect(out)
    await writer.put({ cid: root, bytes: rootBytes })
    for (const [i, cid] of leafCids.entries()) await writer.put({ cid, bytes: leaves[i] as Uint8Array })
    await writer.close()
    const car = await written
    expect(car.byteLength).toBeGreaterThan(12 * 1024 * 1024)
    const response = await call('dag/import', { files: [car] })
    expect(response.status).toBe(200)
    expect(JSON.parse(await response.text())).toEqual({ Root: { Cid: { '/': root.toString() }, PinErrorMsg: '' } })
    for (const cid of leafCids) expect(await store.blocks.has(cid)).toBe(true)
    expect(readdirSync(join(store.dir, 'tmp'))).toEqual([])
  })

  it('dag/import refuses a body over the limit with a 413, keeping nothing', async () => {
    const small = new KuboRpcHandler({ store, registry: new ArchiveRegistry(store), tokens: new TokenStore(store.dir), pins, maxCarBytes: 100 })
    const { car } = await archiveCar()
    const request = kuboRequest(BASE + 'dag/import', { token, files: [car] })
    const response = await small.handle(request, new URL(request.url))
    expect(response.status).toBe(413)
    expect(((await response.json()) as { Code: number }).Code).toBe(1)
    for (const cid of await carCids(car)) expect(await store.blocks.has(cid)).toBe(false)
    expect(readdirSync(join(store.dir, 'tmp'))).toEqual([])
  })

  it('routing/put accepts a valid record, again the same one, refuses an older one as Kubo does', async () => {
    const sourceRegistry = new ArchiveRegistry(source)
    const { ipns } = await sourceRegistry.create('a')
    const first = await sourceRegistry.ipnsRecord(ipns) as Uint8Array
    const second = (await sourceRegistry.publish('a')).record
    const registry = new ArchiveRegistry(store)

    const put = await call(`routing/put?arg=/ipns/${ipns}&allow-offline=true`, { files: [second] })
    expect(put.status).toBe(200)
    const event = JSON.parse(await put.text()) as { Type: number, ID: string }
    expect(event.Type).toBe(5)
    expect(event.ID).toMatch(/^12D3Koo/)
    expect(new Uint8Array(await registry.ipnsRecord(ipns) as Uint8Array)).toEqual(new Uint8Array(second))

    // the very record held: accepted again (Kubo's offline router is idempotent)
    expect((await call(`routing/put?arg=/ipns/${ipns}`, { files: [second] })).status).toBe(200)

    const older = await call(`routing/put?arg=/ipns/${ipns}`, { files: [first] })
    expect(older.status).toBe(500)
    const body = await older.json() as { Message: string, Code: number, Type: string }
    expect(body.Code).toBe(0)
    expect(body.Type).toBe('error')
    expect(body.Message).toMatch(/^can't replace a newer value with an older value/)
    expect((await validateArchiveRecord(ipns, await registry.ipnsRecord(ipns) as Uint8Array)).sequence).toBe(1n)
  })

  it('routing/put refuses an invalid record, a record for another name and a key that is not /ipns/ with a 400', async () => {
    const sourceRegistry = new ArchiveRegistry(source)
    const a = await sourceRegistry.create('a')
    const b = await sourceRegistry.create('b')
    const record = await sourceRegistry.ipnsRecord(a.ipns) as Uint8Array
    const damaged = record.slice()
    damaged[damaged.length - 5] = (damaged[damaged.length - 5] ?? 0) ^ 0xff
    for (const [arg, bytes] of [[`/ipns/${a.ipns}`, damaged], [`/ipns/${b.ipns}`, record], [`/pk/${a.ipns}`, record], ['/ipns/not-a-name', record], [`/ipns/${a.ipns}`, new Uint8Array(11_000)]] as const) {
      const response = await call(`routing/put?arg=${encodeURIComponent(arg)}`, { files: [bytes] })
      expect(response.status, arg).toBe(400)
      const body = await response.json() as { Message: string, Code: number }
      expect(body.Code).toBe(1)
      // the project's words, never the ipns library's
      expect(body.Message).not.toMatch(/Error:|at .*\.js/)
    }
    expect(await new ArchiveRegistry(store).ipnsRecord(a.ipns)).toBeUndefined()
    expect((await call('routing/put', { files: [record] })).status).toBe(400)
    expect((await call(`routing/put?arg=/ipns/${a.ipns}`)).status).toBe(400)
  })

  it('every call needs a token: none is 401, a wrong or revoked one 403, with Kubo\'s error body', async () => {
    for (const path of ['dag/import', 'routing/put?arg=/ipns/x', 'id', 'nonexistent']) {
      const missing = await call(path, { token: undefined })
      expect(missing.status).toBe(401)
      expect(await missing.json()).toMatchObject({ Code: 4, Type: 'error' })
      const wrong = await call(path, { token: 'iparo_wrong' })
      expect(wrong.status).toBe(403)
      expect(await wrong.json()).toMatchObject({ Code: 4, Type: 'error' })
    }
    const tokens = new TokenStore(store.dir)
    await tokens.revoke(token)
    expect((await call('id')).status).toBe(403)
  })

  it('only POST, as Kubo: other methods are 405 with Allow: POST; unknown commands 404', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await call('id', { method })
      expect(response.status).toBe(405)
      expect(response.headers.get('allow')).toBe('POST')
    }
    const unknown = await call('swarm/peers')
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ Type: 'error', Code: 0 })
  })

  it('id, version, block/stat and pin/ls answer what push asks', async () => {
    const { car, root } = await archiveCar()
    expect((await call('block/stat?arg=' + root.toString() + '&offline=true')).status).toBe(500)
    expect((await call('pin/ls?arg=' + root.toString() + '&type=recursive')).status).toBe(500)
    await call('dag/import', { files: [car] })
    expect(await (await call('block/stat?arg=' + root.toString() + '&offline=true')).json()).toEqual({ Key: root.toString(), Size: (await store.blocks.get(root)).byteLength })
    const listed = await call('pin/ls?arg=' + root.toString() + '&type=recursive&stream=true')
    expect(JSON.parse(await listed.text())).toEqual({ Cid: root.toString(), Type: 'recursive' })
    expect(await (await call('pin/ls?type=direct&stream=true')).text()).toBe('')
    expect((await call('block/stat?arg=not-a-cid')).status).toBe(400)
    const id = await (await call('id')).json() as { ID: string, Addresses: string[], AgentVersion: string }
    expect(id.ID).toMatch(/^12D3Koo/)
    expect(id.Addresses).toEqual([])
    expect(id.AgentVersion).toMatch(/^iparo\//)
    expect(await (await call('version')).json()).toMatchObject({ Version: expect.any(String) as string })
  })
})
