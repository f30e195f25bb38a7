import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestIntoArchive } from '../../core/archive/ingest-into-archive.ts'
import { ArchiveRegistry } from '../archive-registry.ts'
import { openEmbeddedStore, type EmbeddedStore } from '../embedded-store.ts'
import { nodeHashers } from '../node-hashers.ts'
import { startLocalNode, type LocalNode } from './local-node.ts'

const PAGE = '<html><head><title>x</title></head><body><script>parent.eval("1")</script></body></html>'
const WARC = [
  'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://hostile.example/\r\nWARC-Date: 2020-05-01T10:00:00Z\r\n',
  'WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\nContent-Type: application/http; msgtype=response\r\n',
  `Content-Length: ${Buffer.byteLength(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n${PAGE}`)}\r\n\r\n`,
  `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n${PAGE}\r\n\r\n`
].join('')

describe("the node's part of the trust boundary", () => {
  let store: EmbeddedStore
  let node: LocalNode
  let app: string
  let replay: string
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iparo-security-headers-'))
    const appDir = join(dir, 'app')
    mkdirSync(appDir)
    for (const file of ['index.html', 'replay.html', 'sw.js']) writeFileSync(join(appDir, file), file)
    store = await openEmbeddedStore(join(dir, 'data'))
    const registry = new ArchiveRegistry(store)
    await registry.create('hostile')
    const { root } = await registry.root('hostile')
    const result = await ingestIntoArchive({
      store: store.blocks, from: { root }, hashers: nodeHashers, keepSecrets: false,
      sources: [{ name: 'hostile.warc', open: async () => (async function * () { yield new TextEncoder().encode(WARC) })() }]
    })
    await registry.setRoot('hostile', result.rootCid)
    node = await startLocalNode({ store, appDir, replayPort: 0 })
    app = node.url.replace(/\/$/, '')
    replay = (node.replayUrl ?? '').replace(/\/$/, '')
  })
  afterAll(async () => {
    await node.close()
    await store.close()
  })

  it("sandboxes archived pages into an opaque origin, on the app's port and the replay port", async () => {
    for (const origin of [app, replay]) {
      const response = await fetch(`${origin}/hostile/20200501100000id_/http://hostile.example/`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-security-policy')).toMatch(/^sandbox allow-scripts allow-forms allow-modals;/)
      expect(response.headers.get('content-security-policy')).not.toMatch(/allow-same-origin/)
      expect(await response.text()).toContain('parent.eval')
    }
  })

  it('keeps the app off the replay origin and out of frames, and the host page framable (embeds: docs/embed.md)', async () => {
    const home = await fetch(`${replay}/`, { redirect: 'manual' })
    expect(home.status).toBe(302)
    expect(home.headers.get('location')).toBe(`${app}/`)
    expect((await fetch(`${app}/`)).headers.get('content-security-policy')).toBe("frame-ancestors 'none'")
    const host = (await fetch(`${replay}/replay.html`)).headers.get('content-security-policy') ?? ''
    expect(host).toMatch(/script-src 'self';/)
    expect(host).not.toMatch(/unsafe-eval|unsafe-inline'[^;]*script/)
    expect(host).toMatch(/; frame-ancestors \*$/)
  })

  it("tells the worker which origins the app is on, and registers no archived script as a worker", async () => {
    const config = await (await fetch(`${replay}/sw-config.js`)).text()
    const port = new URL(app).port
    expect(config).toBe(`export default ${JSON.stringify({ appOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`], replayOrigin: replay, gateways: [replay], routers: [replay] })}\n`)
    const asWorker = await fetch(`${replay}/hostile/20200501100000id_/http://hostile.example/`, { headers: { 'Service-Worker': 'script' } })
    expect(asWorker.status).toBe(403)
    expect((await fetch(`${replay}/sw.js`, { headers: { 'Service-Worker': 'script' } })).status).toBe(200)
  })
})
