import { join } from 'node:path'
import { fresh, iparo } from '../../e2e/support/iparo-process.ts'
import { writeWarc, type Capture } from '../../e2e/support/make-warc.ts'
import { ArchiveRegistry } from '../../src/node/archive-registry.ts'
import { openEmbeddedStore, type EmbeddedStore } from '../../src/node/embedded-store.ts'
import { ArchiveAnnouncer } from '../../src/node/p2p/archive-announcer.ts'
import type { NetworkNode } from '../../src/node/p2p/network-node.ts'
import { startNetworkNode } from '../../src/node/p2p/start-network-node.ts'

export interface AnnounceResult {
  iparos: number
  blocks: number
  /** the default strategy: the archive's root (and pinned roots) */
  archives: { cids: number, ms: number }
  /** every block, measured on a sample of them, then the rate over all */
  all: { sampled: number, ms: number, perSecond: number, projectedAllMs: number }
}

/** `n` small pages, one capture each: once ingested, `n` IPAROs of one block each (plus the URL map). */
async function syntheticArchive (n: number): Promise<string> {
  const dir = fresh()
  const warc = join(dir, 'synthetic.warc')
  const captures: Capture[] = Array.from({ length: n }, (_, i) => ({
    url: `http://host${Math.floor(i / 1000)}.example.com/page/${i % 1000}`,
    date: new Date(Date.UTC(2020, 0, 1) + i * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    contentType: 'text/html',
    body: `<!doctype html><title>page ${i}</title><p>synthetic page ${i}</p>`
  }))
  writeWarc(warc, captures)
  const data = join(dir, 'data')
  const r = await iparo(['ingest', warc, '--archive', 'synthetic', '--data', data])
  if (r.code !== 0) throw new Error(r.stderr)
  return data
}

/**
 * Time to announce an archive of `n` synthetic IPAROs in the DHT, on a LAN DHT of `peers` + 1 nodes on
 * loopback (a simulator of the network: real libp2p and Kad-DHT, but no latency and few peers).
 */
export async function announceSynthetic (n: number, peers: number, sample: number): Promise<AnnounceResult> {
  const data = await syntheticArchive(n)
  const store = await openEmbeddedStore(data)
  const opened: Array<{ node: NetworkNode, store: EmbeddedStore }> = []
  try {
    const a = await startNetworkNode(store, { listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [] })
    opened.push({ node: a, store })
    for (let i = 0; i < peers; i++) {
      const s = await openEmbeddedStore(fresh())
      opened.push({ node: await startNetworkNode(s, { listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: a.addresses() }), store: s })
    }
    let blocks = 0
    for await (const _ of store.listBlocks()) blocks++
    const registry = new ArchiveRegistry(store)
    const roots = new ArchiveAnnouncer({ store, registry, network: a, strategy: 'archives' })
    let t0 = performance.now()
    const done = await roots.runOnce()
    const archives = { cids: done.provided, ms: performance.now() - t0 }
    // every block: a sample of them, through the same DHT call, as many at once as the announcer runs
    const cids = []
    for await (const { cid } of store.listBlocks()) { cids.push(cid); if (cids.length >= sample) break }
    t0 = performance.now()
    const queue = [...cids]
    await Promise.all(Array.from({ length: 16 }, async () => { for (let c = queue.shift(); c != null; c = queue.shift()) await a.provide([c]) }))
    const ms = performance.now() - t0
    const perSecond = cids.length / (ms / 1000)
    return { iparos: n, blocks, archives, all: { sampled: cids.length, ms, perSecond, projectedAllMs: blocks / perSecond * 1000 } }
  } finally {
    for (const o of opened.reverse()) { await o.node.close(); await o.store.close() }
  }
}
