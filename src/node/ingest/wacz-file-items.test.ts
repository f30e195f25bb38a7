import { gunzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { hashers, manifest } from '../../core/archive/archive-test-support.ts'
import { ingestIntoArchive } from '../../core/archive/ingest-into-archive.ts'
import { MemoryBlockStore } from '../../core/blocks.ts'
import { toDigits14 } from '../../core/datetime.ts'
import { NotFoundError } from '../../core/errors.ts'
import { memorySource } from '../../core/formats/wacz/byte-source.ts'
import { openZip } from '../../core/formats/wacz/zip-archive.ts'
import { replayFetch } from '../../core/ingest/ingest-replay.test-support.ts'
import { ArchiveApiHandler, type PagesReply } from '../../core/replay/archive-api-handler.ts'
import { fixtureBytes, fixtureUrl, header, readAll, records } from '../../core/warc/fixtures.test-support.ts'
import { waczFileItems } from './wacz-file-items.ts'

/** The payload (after the HTTP head) of the response for `uri` in a WARC member of a fixture WACZ, read by the WARC reader. */
async function memberPayload (fixture: string, member: string, uri: string): Promise<{ payload: Buffer, date: string }> {
  const zip = await openZip(memorySource(fixtureBytes(fixture)))
  const raw = await zip.bytes(member)
  const warc = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw
  for (const r of records(await readAll((async function * () { yield new Uint8Array(warc) })()))) {
    if (header(r, 'WARC-Type') !== 'response' || header(r, 'WARC-Target-URI') !== uri) continue
    const content = Buffer.from(r.content)
    return { payload: content.subarray(content.indexOf('\r\n\r\n') + 4), date: header(r, 'WARC-Date') ?? '' }
  }
  throw new Error(`no response for ${uri} in ${fixture}#${member}`)
}

async function ingestWacz (fixture: string): Promise<{ store: MemoryBlockStore, rootCid: Awaited<ReturnType<typeof ingestIntoArchive>>['rootCid'], summary: Awaited<ReturnType<typeof ingestIntoArchive>>['summary'] }> {
  const store = new MemoryBlockStore()
  const path = fileURLToPath(fixtureUrl(fixture))
  const name = fixture.slice(fixture.lastIndexOf('/') + 1)
  const result = await ingestIntoArchive({
    store,
    from: { manifest },
    hashers,
    sources: [{ name, items: (sink) => waczFileItems(path, { file: name, sink, hashers, keepSecrets: false }) }]
  })
  return { store, rootCid: result.rootCid, summary: result.summary }
}

const CASES = [
  { fixture: 'pywb/valid_example_1.wacz', member: 'archive/example-collection.warc', url: 'http://www.example.com/', title: 'Example Domain', signature: 'absent' },
  { fixture: 'real/py-wacz__valid_example_2.wacz', member: 'archive/example-collection.warc', url: 'http://www.example.com/', title: 'Example Domain', signature: 'absent' },
  { fixture: 'real/replayweb.page__iframetest.wacz', member: 'archive/data.warc.gz', url: 'http://localhost:20000/', title: 'http://localhost:20000/', signature: 'valid' }
]

describe('waczFileItems', () => {
  for (const c of CASES) {
    it(`ingests ${c.fixture}: its pages listed as pages with their titles, replayed byte for byte`, async () => {
      const { store, rootCid, summary } = await ingestWacz(c.fixture)
      expect(summary.errors).toEqual([])
      expect(summary.mementos).toBeGreaterThan(0)
      expect(summary.wacz).toEqual([expect.objectContaining({ pages: 1, signature: c.signature })])
      const api = new ArchiveApiHandler(store, { async locate (a) { if (a !== 'a') throw new NotFoundError(a); return rootCid } })
      const url = new URL('http://node.test/api/v1/archive/a/pages')
      const reply = await (await api.handle(new Request(url), url)).json() as PagesReply
      expect(reply.pages.filter(p => p.page === true)).toEqual([expect.objectContaining({ url: c.url, title: c.title, page: true })])
      const { payload, date } = await memberPayload(c.fixture, c.member, c.url)
      const get = replayFetch(store, rootCid)
      let replayed = await get(`/a/${toDigits14(date)}id_/${c.url}`)
      // a capture with milliseconds is at its own, longer timestamp: the 14-digit one redirects there
      const location = replayed.headers.get('location')
      if (replayed.status === 302 && location != null) replayed = await get(new URL(location, 'http://node.test').pathname)
      expect(replayed.status).toBe(200)
      expect(Buffer.from(await replayed.arrayBuffer()).equals(payload)).toBe(true)
    })
  }
})
