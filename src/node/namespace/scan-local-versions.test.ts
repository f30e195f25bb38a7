import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { checkArchiveName } from '../../core/naming/archive-name.ts'
import { responseRecord } from '../../core/replay/replay-test-support.ts'
import { ArchiveRegistry } from '../archive-registry.ts'
import { openEmbeddedStore, type EmbeddedStore } from '../embedded-store.ts'
import { startLocalNode, type LocalNode } from '../serve/local-node.ts'
import { namespacedArchive } from './scan-archive.test-support.ts'
import { localVersions } from './scan-local-versions.ts'

const PAGE = 'http://memento.us/'

describe('the local node\'s `_local` archive part', () => {
  let store: EmbeddedStore
  let node: LocalNode
  let ipns: string
  const get = async (path: string, init?: RequestInit): Promise<Response> => fetch(new URL(path, node.url), { redirect: 'manual', ...init })
  beforeAll(async () => {
    store = await openEmbeddedStore(mkdtempSync(join(tmpdir(), 'iparo-local-scan-')))
    ipns = (await namespacedArchive(store, 'a', ['ipwb/5mementos.warc'], { bits: 4, urlBits: 4 })).ipns
    node = await startLocalNode({ store })
  })
  afterAll(async () => {
    await node.close()
    await store.close()
    rmSync(store.dir, { recursive: true, force: true })
  })

  it('serves an exact URI-M with 200, as the archive does', async () => {
    const local = await get(`/_local/20161231110000/${PAGE}`)
    const named = await get(`/a/20161231110000/${PAGE}`)
    expect(local.status).toBe(200)
    expect(local.headers.get('memento-datetime')).toBe('Sat, 31 Dec 2016 11:00:00 GMT')
    expect(await local.text()).toBe(await named.text())
  })

  it('redirects an inexact URI-M and the TimeGate to the closest capture', async () => {
    const inexact = await get(`/_local/2016/${PAGE}`)
    expect(inexact.status).toBe(302)
    expect(inexact.headers.get('location')).toMatch(/\/_local\/20161231110000\/http:\/\/memento\.us\/$/)
    const gate = await get(`/_local/${PAGE}`, { headers: { 'Accept-Datetime': 'Tue, 14 Jan 2014 12:00:00 GMT' } })
    expect(gate.status).toBe(302)
    expect(gate.headers.get('location')).toMatch(/\/_local\/20140114100000\/http:\/\/memento\.us\/$/)
    expect(gate.headers.get('vary')).toBe('accept-datetime')
  })

  it('lists in its TimeMaps the mementos the IPNS name lists', async () => {
    for (const format of ['link', 'json', 'cdxj']) {
      const local = await get(`/_local/timemap/${format}/${PAGE}`)
      const named = await get(`/${ipns}/timemap/${format}/${PAGE}`)
      expect(local.status, format).toBe(200)
      expect((await local.text()).replaceAll('/_local/', '/ARCHIVE/')).toBe((await named.text()).replaceAll(`/${ipns}/`, '/ARCHIVE/'))
    }
  })

  it('answers 404 for a URL it holds nothing of', async () => {
    expect((await get('/_local/2016/http://example.com/none')).status).toBe(404)
    expect((await get('/_local/timemap/link/http://example.com/none')).status).toBe(404)
  })

  it('shows a capture ingested while it runs at once', async () => {
    const before = await (await get(`/_local/timemap/json/${PAGE}`)).json() as { mementos: { list: unknown[] } }
    const warc = responseRecord(PAGE, '2020-06-01T00:00:00Z', 'HTTP/1.1 200 OK\r\nContent-Type: text/plain', 'a later capture')
    await namespacedArchive(store, 'b', [{ name: 'later.warc', bytes: warc }], { bits: 4, urlBits: 4 })
    const after = await (await get(`/_local/timemap/json/${PAGE}`)).json() as { mementos: { list: unknown[] } }
    expect(after.mementos.list).toHaveLength(before.mementos.list.length + 1)
    expect(await (await get(`/_local/20200601000000id_/${PAGE}`)).text()).toBe('a later capture')
  })

  it('keeps an answer for a moment, and only while the store is unchanged', async () => {
    let clock = 0
    const versionsOf = localVersions(store, new ArchiveRegistry(store), store.blocks, { keepMs: 1000, now: () => clock })
    const first = await versionsOf(PAGE)
    expect(first).toBeDefined()
    expect(await versionsOf(PAGE)).toBe(first)
    clock = 1001
    const second = await versionsOf(PAGE)
    expect(second).not.toBe(first)
    const bytes = new TextEncoder().encode('one more block')
    await store.blocks.put(CID.createV1(raw.code, await sha256.digest(bytes)), bytes)
    expect(await versionsOf(PAGE)).not.toBe(second)
  })

  it('is a name no archive can take', () => {
    expect(() => checkArchiveName('_local')).toThrow(/must be/)
  })
})
