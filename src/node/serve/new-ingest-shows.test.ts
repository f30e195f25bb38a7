import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chunks, hashers } from '../../core/archive/archive-test-support.ts'
import { ingestIntoArchive } from '../../core/archive/ingest-into-archive.ts'
import { responseRecord } from '../../core/replay/replay-test-support.ts'
import { ArchiveRegistry } from '../archive-registry.ts'
import { openEmbeddedStore, type EmbeddedStore } from '../embedded-store.ts'
import { startLocalNode, type LocalNode } from './local-node.ts'

// an embed (im_) is served the closest capture: a later ingest closer to this datetime changes the answer
const URI_M = 'a/20210101000000im_/http://example.com/'

/** Ingests one capture of http://example.com/ into archive `a`, as `iparo ingest` moves its name (a registry of its own). */
async function ingest (store: EmbeddedStore, date: string, body: string): Promise<void> {
  const registry = new ArchiveRegistry(store)
  const { root } = await registry.root('a')
  const warc = responseRecord('http://example.com/', date, 'HTTP/1.1 200 OK\r\nContent-Type: text/plain', body)
  const { rootCid } = await ingestIntoArchive({ store: store.blocks, from: { root }, sources: [{ name: 'x.warc', open: () => chunks(warc) }], hashers })
  await registry.setRoot('a', rootCid)
}

describe('the local node, while archives change', () => {
  let store: EmbeddedStore
  let node: LocalNode
  beforeAll(async () => {
    store = await openEmbeddedStore(mkdtempSync(join(tmpdir(), 'iparo-new-ingest-')))
    await new ArchiveRegistry(store).create('a')
    await ingest(store, '2020-01-01T00:00:00Z', 'the first capture')
    node = await startLocalNode({ store })
  })
  afterAll(async () => {
    await node.close()
    await store.close()
  })

  it('replays an ingest made after the first read of a URI-M, without a restart', async () => {
    expect(await (await fetch(node.url + URI_M)).text()).toBe('the first capture')
    // read twice: the second answer comes from the kept plan
    expect(await (await fetch(node.url + URI_M)).text()).toBe('the first capture')
    await ingest(store, '2021-01-01T00:00:00Z', 'a capture made later')
    expect(await (await fetch(node.url + URI_M)).text()).toBe('a capture made later')
  })
})
