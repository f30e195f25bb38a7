import type { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { MemoryBlockStore } from '../blocks.ts'
import { responseRecord } from '../replay/replay-test-support.ts'
import { surt } from '../surt.ts'
import { surtV1 } from '../surt-v1.ts'
import { compareKeys } from '../url-map/key-order.ts'
import { UrlMap, type UrlEntry } from '../url-map/url-map.ts'
import { ArchiveReader } from './archive-reader.ts'
import { ingestBytes } from './archive-test-support.ts'
import { readArchiveRoot, writeArchiveRoot } from './archive-root.ts'

/**
 * The same archive as IPARO wrote it before key scheme 2: its URL map keyed by surtV1, its manifest
 * without `formats.keys`. `keys` sets the field instead (to see that it decides).
 */
async function rekeyed (store: MemoryBlockStore, rootCid: CID, keyOf: (url: string) => string, keys?: number): Promise<CID> {
  const root = await readArchiveRoot(store, rootCid)
  const entries: Array<[string, UrlEntry]> = []
  for await (const [, entry] of (await UrlMap.load(store, root.urls)).range({})) entries.push([keyOf(entry.url), entry])
  const map = await UrlMap.fromSorted(store, entries.sort(([a], [b]) => compareKeys(a, b)))
  const formats = { iparo: root.manifest.formats.iparo, archive: root.manifest.formats.archive, ...(keys != null ? { keys } : {}) }
  return writeArchiveRoot(store, { ...root, manifest: { ...root.manifest, formats }, urls: map.root })
}

// wget's form of the URL, and its v1 and v2 keys differ (an IPv4 host, an escaped comma, a trailing slash)
const CAPTURED = 'http://10.0.0.1/wiki/Mona_Lisa%2C_1503/'
const ASKED = ['http://10.0.0.1/wiki/Mona_Lisa%2C_1503/', 'http://10.0.0.1:80/wiki/Mona_Lisa%2c_1503/']

describe('archives of key scheme 1', () => {
  it('still resolve URLs whose scheme-1 and scheme-2 keys differ', async () => {
    expect(surtV1(CAPTURED)).not.toBe(surt(CAPTURED))
    const store = new MemoryBlockStore()
    const { rootCid } = await ingestBytes(store, responseRecord(CAPTURED, '2013-05-01T10:00:00Z', 'HTTP/1.1 200 OK\r\nContent-Type: text/plain', 'Mona Lisa'))
    const old = await ArchiveReader.open(store, await rekeyed(store, rootCid, surtV1))
    expect(old.root.manifest.formats.keys).toBeUndefined()
    expect(old.keyScheme).toBe(1)
    expect(await old.urls.get(surt(CAPTURED))).toBeUndefined()
    for (const url of ASKED) {
      const entry = await old.lookup(url)
      expect(entry?.url, url).toBe(CAPTURED)
      if (entry != null) expect((await old.resolve(entry)).memento?.datetime).toBe('2013-05-01T10:00:00Z')
    }
  })

  it('are told apart by the manifest: an archive of scheme 2 is looked up by scheme-2 keys only', async () => {
    const store = new MemoryBlockStore()
    const { rootCid } = await ingestBytes(store, responseRecord(CAPTURED, '2013-05-01T10:00:00Z', 'HTTP/1.1 200 OK', 'x'))
    const current = await ArchiveReader.open(store, await rekeyed(store, rootCid, surt, 2))
    expect(current.keyScheme).toBe(2)
    expect((await current.lookup(CAPTURED))?.url).toBe(CAPTURED)
    // scheme-1 keys in a map that says scheme 2 are not looked for
    const mislabelled = await ArchiveReader.open(store, await rekeyed(store, rootCid, surtV1, 2))
    expect(await mislabelled.lookup(CAPTURED)).toBeUndefined()
  })

  it('refuse a key scheme this code does not know', async () => {
    const store = new MemoryBlockStore()
    const { rootCid } = await ingestBytes(store, responseRecord(CAPTURED, '2013-05-01T10:00:00Z', 'HTTP/1.1 200 OK', 'x'))
    await expect(ArchiveReader.open(store, await rekeyed(store, rootCid, surt, 3))).rejects.toThrow(/unsupported key scheme 3/)
  })
})
