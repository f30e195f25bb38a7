import { describe, expect, it } from 'vitest'
import { MemoryBlockStore } from '../blocks.ts'
import type { ArchiveIngestResult } from './ingest-into-archive.ts'
import { ArchiveReader } from './archive-reader.ts'
import { chunks, hashers, ingestBytes, ingestFixtures } from './archive-test-support.ts'
import { ingestIntoArchive } from './ingest-into-archive.ts'

/** A response record; `uri`s differing only in `www.` share one URL key (SURT), so one version chain. */
function response (uri: string, id: string, body: string, date = '2008-04-30T20:49:38Z'): string {
  const http = `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`
  return [
    'WARC/1.0', 'WARC-Type: response', `WARC-Target-URI: ${uri}`, `WARC-Date: ${date}`,
    `WARC-Record-ID: <urn:uuid:${id}>`, 'Content-Type: application/http; msgtype=response', `Content-Length: ${http.length}`,
    '', http, '', ''
  ].join('\r\n')
}

const warc = (...records: string[]): Uint8Array => new TextEncoder().encode(records.join(''))

async function again (store: MemoryBlockStore, bytes: Uint8Array, from: ArchiveIngestResult): Promise<ArchiveIngestResult> {
  return ingestIntoArchive({ store, from: { root: from.root }, sources: [{ name: 'inline.warc', open: () => chunks(bytes) }], hashers })
}

async function versions (store: MemoryBlockStore, result: ArchiveIngestResult, url: string): Promise<string[]> {
  const reader = await ArchiveReader.open(store, result.rootCid)
  const entry = await reader.lookup(url)
  if (entry == null) return []
  return (await reader.timemap(entry)).mementos.map(m => m.datetime)
}

describe('re-ingesting captures that share one instant of one URL key', () => {
  // Each capture at an instant already held links (see-also) to the one appended at that instant just
  // before it; the first appended, which the instant's URI-M replays, links to none of the later ones.
  it('adds nothing for two, three or more captures at one instant, in any order', async () => {
    const a = response('http://hideout.example/robots.txt', '00000000-0000-0000-0000-00000000000a', 'not found, a')
    const b = response('http://www.hideout.example/robots.txt', '00000000-0000-0000-0000-00000000000b', 'not found, b')
    const c = response('https://hideout.example/robots.txt', '00000000-0000-0000-0000-00000000000c', 'not found, c')
    for (const records of [[a, b], [a, b, c], [c, b, a]]) {
      const store = new MemoryBlockStore()
      const bytes = warc(...records)
      const one = await ingestBytes(store, bytes)
      expect(one.summary.mementos).toBe(records.length)
      const two = await again(store, bytes, one)
      expect(two.summary.mementos).toBe(0)
      expect(two.summary.duplicates).toBe(records.length)
      expect(two.rootCid.equals(one.rootCid)).toBe(true)
      // and once more on top, from the root the second run wrote
      const three = await again(store, bytes, two)
      expect(three.summary.mementos).toBe(0)
      expect(await versions(store, three, 'http://hideout.example/robots.txt')).toHaveLength(records.length)
    }
  })

  it('still adds a different capture at that instant, once', async () => {
    const store = new MemoryBlockStore()
    const a = response('http://hideout.example/', '00000000-0000-0000-0000-0000000000a1', 'one')
    const b = response('http://www.hideout.example/', '00000000-0000-0000-0000-0000000000b1', 'two')
    const one = await ingestBytes(store, warc(a, b))
    const changed = warc(a, b, response('http://hideout.example/', '00000000-0000-0000-0000-0000000000c1', 'three'))
    const two = await again(store, changed, one)
    expect(two.summary.mementos).toBe(1)
    const three = await again(store, changed, two)
    expect(three.summary.mementos).toBe(0)
    expect(await versions(store, three, 'http://hideout.example/')).toHaveLength(3)
  })

  it('IAH-20080430204825-00000-blackbook.warc.gz (hideout.com.br/robots.txt twice at 20:49:38) twice adds nothing', async () => {
    const store = new MemoryBlockStore()
    const name = 'ipwb/IAH-20080430204825-00000-blackbook.warc.gz'
    const one = await ingestFixtures(store, [name])
    const two = await ingestFixtures(store, [name], one.root)
    expect(two.summary.mementos).toBe(0)
    expect(two.summary.duplicates).toBe(one.summary.mementos)
    expect(two.rootCid.equals(one.rootCid)).toBe(true)
    expect(await versions(store, two, 'http://www.hideout.com.br/robots.txt')).toEqual(['2008-04-30T20:49:38Z', '2008-04-30T20:49:38Z'])
  }, 60_000)
})
