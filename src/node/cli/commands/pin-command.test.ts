import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ArchiveRegistry, type ArchiveRecord } from '../../archive-registry.ts'
import { openEmbeddedStore, type EmbeddedStore } from '../../embedded-store.ts'
import { createPinningService, type PinningService } from '../../pinning/pinning-service.ts'
import { listPinServices } from '../../pinning/pin-services.ts'
import { remotePinStatuses } from '../../pinning/remote-pins.ts'
import { PEER, StoreNetwork } from '../../pinning/store-network.test-support.ts'
import { listenHttp } from '../../serve/listen-http.ts'
import { toWebRequest } from '../../serve/node-http-bridge.ts'
import { writeRunningNode } from '../../serve/running-node-file.ts'
import { TokenStore } from '../../tokens/token-store.ts'
import type { CommandContext } from '../command.ts'
import { runCli } from '../main.ts'

const ORIGIN = `/ip4/127.0.0.1/tcp/4001/p2p/${PEER}`
const fresh = (): string => mkdtempSync(join(tmpdir(), 'iparo-pin-cli-'))

interface Run { code: number, stdout: string, stderr: string }
async function iparo (...args: string[]): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const ctx: CommandContext = { stdout: { write: (t) => { stdout += String(t) } }, stderr: { write: (t) => { stderr += String(t) } }, env: {}, pipeOut: async () => {} }
  const code = await runCli(args, ctx)
  return { code, stdout, stderr }
}

// A: this machine, with an archive; B: the pinning service (another node), fetching from A's store.
let dirA: string
let storeA: EmbeddedStore
let storeB: EmbeddedStore
let archive: ArchiveRecord
let service: PinningService
let network: StoreNetwork
let endpoint: string
let token: string
const servers: Server[] = []

beforeEach(async () => {
  dirA = fresh()
  storeA = await openEmbeddedStore(dirA)
  archive = await new ArchiveRegistry(storeA).create('crawl')
  storeB = await openEmbeddedStore(fresh())
  token = (await new TokenStore(storeB.dir).create()).token
  network = new StoreNetwork(storeB, storeA.blocks)
  service = createPinningService({ store: storeB, registry: new ArchiveRegistry(storeB), tokens: new TokenStore(storeB.dir), network, worker: { attemptTimeoutMs: 200, retryMs: 10 } })
  service.worker.start()
  const port = await listenHttp('127.0.0.1', 0, async (req, signal) => {
    const request = await toWebRequest(req, 'http://127.0.0.1', signal)
    return service.handler.handle(request, new URL(request.url))
  }, servers)
  endpoint = `http://127.0.0.1:${port}/pinning`
})

afterEach(async () => {
  for (const server of servers.splice(0)) { server.closeAllConnections(); server.close() }
  await service.worker.stop()
  await storeB.close()
  await storeA.close()
})

describe('iparo pin', () => {
  it('pins an archive with the running node\'s origins and its IPNS record, waits until pinned, lists and removes it', async () => {
    await writeRunningNode(dirA, { url: 'http://127.0.0.1:8420/', libp2p: [ORIGIN] })
    const pinned = await iparo('pin', 'crawl', '--service', endpoint, '--token', token, '--service-name', 'lab', '--data', dirA)
    expect(pinned.code, pinned.stderr).toBe(0)
    expect(pinned.stdout).toMatch(/with its IPNS record\n {2}queued[^\n]*\n(.*\n)* {2}pinned \(\d+ blocks, \d+ bytes; IPNS record of k51\w+ adopted\)\n$/)
    expect(pinned.stdout + pinned.stderr).not.toContain(token)
    expect(network.fetched[0]).toEqual([ORIGIN])
    // B holds the blocks and adopted the name
    expect(await storeB.blocks.has(CID.parse(archive.root))).toBe(true)
    expect(await new ArchiveRegistry(storeB).ipnsRecord(archive.ipns)).toEqual(await new ArchiveRegistry(storeA).ipnsRecord(archive.ipns))

    expect(statSync(join(dirA, 'pin-services.json')).mode & 0o777).toBe(0o600)
    expect(await listPinServices(dirA)).toEqual([{ name: 'lab', endpoint }])
    expect(await remotePinStatuses(dirA)).toEqual([expect.objectContaining({ service: 'lab', endpoint, cid: archive.root, archive: 'crawl', status: 'pinned' })])

    const listed = await iparo('pin', 'ls', '--service', 'lab', '--json', '--data', dirA)
    expect(listed.code, listed.stderr).toBe(0)
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ service: 'lab', status: 'pinned', cid: archive.root, name: 'crawl', archive: 'crawl' })])

    const removed = await iparo('pin', 'rm', 'crawl', '--data', dirA)
    expect(removed.code, removed.stderr).toBe(0)
    expect(removed.stdout).toMatch(/^removed pin \S+ at lab\n$/)
    expect(await service.pins.list()).toEqual([])
    expect(await remotePinStatuses(dirA)).toEqual([])
    expect((await iparo('pin', 'rm', 'crawl', '--data', dirA)).code).toBe(1)
  })

  it('without a running node: no origins, said so; --no-wait returns at once', async () => {
    const run = await iparo('pin', 'crawl', '--service', endpoint, '--token', token, '--no-wait', '--json', '--data', dirA)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain('no origins: `iparo serve` is not running')
    const pin = JSON.parse(run.stdout) as { status: string, service: string, requestid: string }
    expect(pin.status).toBe('queued')
    expect(pin.service).toBe(new URL(endpoint).host)
    expect(readFileSync(join(dirA, 'pin-services.json'), 'utf8')).toContain(token)
    // a saved service is found by its URL, and is the only one: no --service needed
    expect((await iparo('pin', 'ls', '--data', dirA)).stdout).toContain(pin.requestid)
  })

  it('a refused token is a clear error that never shows the token', async () => {
    const run = await iparo('pin', 'ls', '--service', endpoint, '--token', 'iparo_not-a-real-token', '--data', dirA)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/PinningServiceError: .*HTTP 401 UNAUTHORIZED.*the token was refused/)
    expect(run.stderr).not.toContain('iparo_not-a-real-token')
  })

  it('usage errors: no service saved, an unknown name', async () => {
    expect((await iparo('pin', 'crawl', '--data', dirA)).code).toBe(2)
    expect((await iparo('pin', 'crawl', '--service', 'nowhere', '--data', dirA)).code).toBe(2)
    expect((await iparo('pin', '--data', dirA)).code).toBe(2)
  })
})
