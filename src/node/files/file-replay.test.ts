import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { ingestBytes, ingestFixtures } from '../../core/archive/archive-test-support.ts'
import { readArchiveRoot } from '../../core/archive/archive-root.ts'
import { MemoryBlockStore } from '../../core/blocks.ts'
import { toDigits } from '../../core/datetime.ts'
import { scanFileIndex } from '../../core/files/file-index.ts'
import type { FileIndexEntry } from '../../core/files/file-index-entry.ts'
import { readFileIparo } from '../../core/files/file-iparo.ts'
import { readZipDirectory } from '../../core/files/zip-directory.ts'
import { replayFetch } from '../../core/ingest/ingest-replay.test-support.ts'
import { fileArchive, fileBlocks, fixturePath, recordingBlocks } from './file-archive.test-support.ts'

const IAH = 'ipwb/IAH-20080430204825-00000-blackbook.warc.gz'
const IANA = 'pywb/iana.warc.gz'

const bodyOf = async (r: Response): Promise<Uint8Array> => new Uint8Array(await r.arrayBuffer())
const idPath = (e: FileIndexEntry): string => `/a/${toDigits(e.datetime)}id_/${e.uri}`

/** A normally ingested archive of the same fixture, to compare with. */
async function normalArchive (name: string): Promise<(path: string) => Promise<Response>> {
  const store = new MemoryBlockStore()
  const { rootCid } = await ingestFixtures(store, [name])
  return replayFetch(store, rootCid)
}

async function allEntries (store: MemoryBlockStore, iparo: Parameters<typeof readFileIparo>[1]): Promise<FileIndexEntry[]> {
  return scanFileIndex(store, (await readFileIparo(store, iparo)).index, '', '\uffff')
}

describe('a warc IPARO (a file stored whole)', () => {
  it('replays a page of the IAH crawl byte for byte as normal ingest does, reading under 10% of the file\'s blocks', async () => {
    const { store, rootCid, stored } = await fileArchive([IAH])
    const iparo = stored[0]?.iparo
    if (iparo == null) throw new Error('nothing stored')
    const page = (await allEntries(store, iparo)).find(e => e.status === 200 && e.mime === 'text/html' && e.length > 40_000)
    if (page == null) throw new Error('no large page in the crawl')

    const blocks = recordingBlocks(store)
    const replayed = await replayFetch(blocks, rootCid)(idPath(page))
    const expected = await (await normalArchive(IAH))(idPath(page))
    expect(replayed.status).toBe(200)
    expect(expected.status).toBe(200)
    expect(replayed.headers.get('content-type')).toBe(expected.headers.get('content-type'))
    expect(await bodyOf(replayed)).toEqual(await bodyOf(expected))
    expect(replayed.headers.get('link')).toContain(`ipfs://${iparo.toString()}`)

    const all = await fileBlocks(store, iparo)
    const read = blocks.read.filter(cid => all.has(cid)).length
    expect(all.size).toBeGreaterThan(50)
    expect(read).toBeGreaterThan(0)
    expect(read / all.size).toBeLessThan(0.1)
    // the rest: archive root, URL map root, file list, the IPARO's root (header), index root and leaf
    expect(blocks.read.length - read).toBeLessThanOrEqual(6)
  })

  it('replays iana.warc.gz stored whole as normal ingest does, revisits included, and lists versions in TimeMaps', async () => {
    const { store, rootCid, stored } = await fileArchive([IANA])
    const iparo = stored[0]?.iparo
    if (iparo == null) throw new Error('nothing stored')
    const entries = await allEntries(store, iparo)
    const fetchFile = replayFetch(store, rootCid)
    const fetchNormal = await normalArchive(IANA)
    const sample = [...entries.filter(e => e.type === 'response').slice(0, 4), ...entries.filter(e => e.type === 'revisit').slice(0, 4)]
    expect(sample.length).toBe(8)
    for (const e of sample) {
      const [a, b] = [await fetchFile(idPath(e)), await fetchNormal(idPath(e))]
      expect(`${e.uri} ${a.status}`).toBe(`${e.uri} ${b.status}`)
      expect(await bodyOf(a)).toEqual(await bodyOf(b))
    }
    const url = sample[4]?.uri ?? ''
    const [mapA, mapB] = [await fetchFile(`/a/timemap/json/${url}`), await fetchNormal(`/a/timemap/json/${url}`)]
    const dates = async (r: Response): Promise<string[]> => ((await r.json()) as { mementos: { list: Array<{ datetime: string }> } }).mementos.list.map(m => m.datetime)
    expect(mapA.status).toBe(200)
    const listed = await dates(mapA)
    expect(listed.length).toBeGreaterThan(1)
    expect(listed).toEqual(await dates(mapB))
  })

  it('merges a URL found in the URL map and in a file: the closest capture wins, the TimeMap lists both', async () => {
    const store = new MemoryBlockStore()
    const { root } = await ingestFixtures(store, ['ipwb/2mementos.warc'])
    const { rootCid, stored } = await fileArchive(['ipwb/3mementos.warc'], store, root)
    expect((await readArchiveRoot(store, rootCid)).urls.equals(root.urls)).toBe(true)
    const fetch = replayFetch(store, rootCid)
    const fromFile = await fetch('/a/20140115101500id_/http://memento.us/')
    expect(fromFile.status).toBe(200)
    expect(fromFile.headers.get('memento-datetime')).toBe('Wed, 15 Jan 2014 10:15:00 GMT')
    expect(fromFile.headers.get('link')).toContain(`ipfs://${stored[0]?.iparo.toString() ?? '?'}`)
    // a tie goes to the URL map's capture
    const fromMap = await fetch('/a/20130202100000id_/http://memento.us/')
    expect(fromMap.headers.get('link')).not.toContain(stored[0]?.iparo.toString() ?? '?')
    const timemap = await (await fetch('/a/timemap/link/http://memento.us/')).text()
    expect(timemap.match(/rel="[a-z ]*memento"/g)?.length).toBe(5)
    // a URL only the file holds
    expect((await fetch('/a/20161231110000id_/http://anothersite.us/')).status).toBe(200)
  })
})

describe('a wacz IPARO', () => {
  for (const name of ['pywb/valid_example_1.wacz', 'real/replayweb.page__iframetest.wacz']) {
    it(`replays every capture of ${name} as normal ingest of its WARC does`, async () => {
      const { store, rootCid, stored } = await fileArchive([name])
      const iparo = stored[0]?.iparo
      if (iparo == null) throw new Error('nothing stored')
      expect((await readFileIparo(store, iparo)).header.type).toBe('wacz')
      const zip = readFileSync(fixturePath(name))
      const members = await readZipDirectory({ size: zip.byteLength, read: async (o, l) => zip.subarray(o, o + l) })
      const warc = members.find(m => m.name.startsWith('archive/'))
      if (warc == null) throw new Error('no WARC member')
      const normal = new MemoryBlockStore()
      // (the core ingest reads decompressed bytes: the Node edge inflates, whatever the member's name says)
      const data = zip.subarray(warc.dataOffset, warc.dataOffset + warc.compressedSize)
      const { rootCid: normalRoot } = await ingestBytes(normal, data[0] === 0x1f ? new Uint8Array(gunzipSync(data)) : data)
      const [a, b] = [replayFetch(store, rootCid), replayFetch(normal, normalRoot)]
      const entries = await allEntries(store, iparo)
      expect(entries.length).toBeGreaterThan(0)
      for (const e of entries) {
        const [x, y] = [await a(idPath(e)), await b(idPath(e))]
        expect(`${e.uri} ${x.status}`).toBe(`${e.uri} ${y.status}`)
        expect(await bodyOf(x)).toEqual(await bodyOf(y))
      }
    })
  }
})
