import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closedPort, routerHolds, routerNode } from '../../publish/publish.test-support.ts'
import { runCliCaptured } from '../run-cli.test-support.ts'

const iparo = runCliCaptured

describe('iparo publish and iparo routers', () => {
  let b: Awaited<ReturnType<typeof routerNode>>
  let router: string
  let data: string
  let ipns: string

  beforeAll(async () => {
    b = await routerNode('publish-cli-b')
    router = b.node.url.replace(/\/$/, '')
    data = mkdtempSync(join(tmpdir(), 'iparo-publish-cli-'))
    // never the public default in a test: this folder's list names loopback routers only
    expect((await iparo(['routers', 'clear', '--data', data])).code).toBe(0)
    const created = await iparo(['archive', 'create', 'a', '--json', '--data', data])
    ipns = String((JSON.parse(created.out) as { ipns: string }).ipns)
  })
  afterAll(async () => { await b?.close() })

  it('prints one line per target and exits 0 when a router took the record', async () => {
    const run = await iparo(['publish', 'a', '--router', b.node.url, '--data', data])
    expect(run).toEqual({ code: 0, out: `router ${router} ok (sequence 0)\ndht: no node running (start iparo serve)\n`, err: '' })
    expect((await routerHolds(b.node.url, ipns)).sequence).toBe(0)
  })

  it('exits 1 with a clear line when no target takes it', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`
    const run = await iparo(['publish', 'a', '--router', dead, '--timeout', '5', '--data', data])
    expect(run.code).toBe(1)
    expect(run.out).toContain(`router ${dead} failed: cannot connect (connection refused: nothing listens there)\n`)
    expect(run.err).toBe(`iparo: PublishFailedError: no target took the record for ${ipns}\n`)
    const none = await iparo(['publish', 'a', '--data', data])
    expect(none.code).toBe(1)
    expect(none.err).toContain('no routers are set: iparo routers set URL…')
  })

  it('uses the routers set in the data folder; --json gives the whole report', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`
    expect((await iparo(['routers', 'set', b.node.url, dead, '--data', data])).out).toBe(`${router}\n${dead}\n`)
    expect(JSON.parse((await iparo(['routers', '--json', '--data', data])).out)).toEqual({ routers: [router, dead] })
    const run = await iparo(['publish', ipns, '--json', '--data', data])
    expect(run.code).toBe(0)
    const report = JSON.parse(run.out) as { ipns: string, name: string, dht: string, results: Array<{ target: string, ok: boolean, outcome?: string }> }
    expect(report).toMatchObject({ ipns, name: 'a', sequence: 0, dht: 'no-node' })
    expect(report.results.find(r => r.target === router)).toMatchObject({ ok: true, outcome: 'stored' })
    expect(report.results.find(r => r.target === dead)).toMatchObject({ ok: false })
    expect((await iparo(['routers', 'reset', '--data', data])).out).toBe('https://delegated-ipfs.dev\n')
    expect((await iparo(['routers', 'clear', '--data', data])).out).toContain('no routers')
  })

  it('usage mistakes exit 2, an unknown archive 1', async () => {
    expect((await iparo(['publish', '--data', data])).code).toBe(2)
    expect((await iparo(['publish', 'a', '--router', 'ftp://r.example', '--data', data])).code).toBe(2)
    expect((await iparo(['publish', 'a', '--timeout', '0', '--router', b.node.url, '--data', data])).code).toBe(2)
    expect((await iparo(['routers', 'set', 'not-a-url', '--data', data])).code).toBe(2)
    expect((await iparo(['routers', 'frob', '--data', data])).code).toBe(2)
    const unknown = await iparo(['publish', 'nosuch', '--router', b.node.url, '--data', data])
    expect(unknown.code).toBe(1)
    expect(unknown.err).toContain('NotFoundError')
  })
})
