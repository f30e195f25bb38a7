import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ArchiveRegistry } from '../archive-registry.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import { closedPort, routerHolds, routerNode, tempStore } from './publish.test-support.ts'
import { publishArchive } from './publish-archive.ts'
import { publishedTo } from './published-to.ts'
import { heldRecord } from './record-validity.ts'

describe('publishArchive: the current record to every router, and to the DHT through a running node', () => {
  let a: EmbeddedStore
  let b: Awaited<ReturnType<typeof routerNode>>
  let ipns: string
  let bRouter: string

  beforeAll(async () => {
    a = await tempStore('publish-a')
    b = await routerNode('publish-b')
    bRouter = b.node.url.replace(/\/$/, '')
    ipns = (await new ArchiveRegistry(a).create('a')).ipns
  })
  afterAll(async () => {
    await b?.close()
    await a?.close()
  })

  it('puts the record on B\'s router, which then answers GET for the name; the same record again is taken again', async () => {
    const held = await new ArchiveRegistry(a).ipnsRecord(ipns)
    const report = await publishArchive(a, 'a', { routers: [b.node.url], timeoutMs: 10_000 })
    expect(report).toMatchObject({ ipns, name: 'a', sequence: 0, dht: 'no-node', results: [{ kind: 'router', target: bRouter, ok: true, outcome: 'stored', sequence: 0 }] })
    expect(report.resigned).toBeUndefined()
    const got = await routerHolds(b.node.url, ipns)
    expect(got.status).toBe(200)
    expect(got.bytes).toEqual(new Uint8Array(held ?? []))

    const again = await publishArchive(a, ipns, { routers: [b.node.url], timeoutMs: 10_000 })
    // the very record held is a 200 again (as Kubo's router answers), so that it goes on to the DHT
    expect(again.results).toMatchObject([{ ok: true, outcome: 'stored' }])
    expect(await publishedTo(a, ipns)).toEqual([{ target: bRouter, ok: true, sequence: 0, at: expect.any(String) as string }])
  })

  it('an unreachable router fails at once with its reason; the others still take the record', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`
    const started = Date.now()
    const report = await publishArchive(a, 'a', { routers: [dead, b.node.url], timeoutMs: 20_000 })
    expect(Date.now() - started).toBeLessThan(5000)
    const failed = report.results.find(r => r.target === dead)
    expect(failed).toMatchObject({ ok: false })
    expect(failed?.error).toMatch(/^cannot connect \(connection refused/)
    expect(report.results.find(r => r.target === bRouter)?.ok).toBe(true)
    expect((await publishedTo(a, ipns)).find(r => r.target === dead)).toMatchObject({ ok: false, error: failed?.error })
  })

  it('sends to the running node named in node.json (its PUT feeds the DHT), and says when it is offline', async () => {
    writeFileSync(join(a.dir, 'node.json'), JSON.stringify({ url: b.node.url, libp2p: ['/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWA'] }))
    const report = await publishArchive(a, 'a', { routers: [], timeoutMs: 10_000 })
    expect(report.dht).toBe('sent')
    expect(report.results).toMatchObject([{ kind: 'dht', target: 'dht', via: b.node.url, ok: true }])
    writeFileSync(join(a.dir, 'node.json'), JSON.stringify({ url: b.node.url, libp2p: [] }))
    expect((await publishArchive(a, 'a', { routers: [], timeoutMs: 10_000 })).dht).toBe('offline')
    writeFileSync(join(a.dir, 'node.json'), JSON.stringify({ url: `http://127.0.0.1:${await closedPort()}/`, libp2p: ['/ip4/127.0.0.1/tcp/1'] }))
    const stale = await publishArchive(a, 'a', { routers: [], timeoutMs: 10_000 })
    expect(stale.results).toMatchObject([{ kind: 'dht', ok: false }])
  })

  it('signs anew first (sequence + 1) only when the held record is about to expire', async () => {
    const registry = new ArchiveRegistry(a)
    const short = await registry.publish('a', { lifetimeMs: 30_000 })
    const report = await publishArchive(a, 'a', { routers: [b.node.url], timeoutMs: 10_000 })
    expect(report.resigned).toBe('expires within a minute')
    expect(report.sequence).toBe(Number(short.sequence) + 1)
    expect((await routerHolds(b.node.url, ipns)).sequence).toBe(report.sequence)
    const held = await heldRecord(ipns, await registry.ipnsRecord(ipns))
    expect(held.ok && held.validUntil - Date.now()).toBeGreaterThan(365 * 24 * 3600_000)
  })

  it('publishes a record adopted from elsewhere as held, and refuses one it cannot renew', async () => {
    // B adopted A's record by the PUTs above: it can pass it on, never re-sign it
    const c = await routerNode('publish-c')
    try {
      const report = await publishArchive(b.store, ipns, { routers: [c.node.url], timeoutMs: 10_000 })
      expect(report.name).toBeUndefined()
      expect(report.results).toMatchObject([{ ok: true, outcome: 'stored' }])
      await expect(publishArchive(c.store, 'nosuch', { routers: [], timeoutMs: 1000 })).rejects.toMatchObject({ name: 'NotFoundError' })
      const d = await tempStore('publish-d')
      try {
        await expect(publishArchive(d, ipns, { routers: [c.node.url], timeoutMs: 1000 })).rejects.toMatchObject({ name: 'IpnsRecordError' })
      } finally {
        await d.close()
      }
    } finally {
      await c.close()
    }
  })
})
