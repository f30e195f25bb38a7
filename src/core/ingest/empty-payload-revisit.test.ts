import { describe, expect, it } from 'vitest'
import { archiveListing, fixtureFile, httpMessage, ingestRuns, replayFetch, warcRecord, type WarcFile } from './ingest-replay.test-support.ts'

const URL_ = 'http://www.archive.org/index.php?skin=classic'
const EMPTY_SHA1 = 'sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ'
const redirect = (date: string): string => httpMessage([
  'HTTP/1.1 302 Found', `Date: ${date}`, 'Location: http://www.archive.org/', 'Content-Length: 0', 'Content-Type: text/html'
])

/** Heritrix: an empty-bodied 302, then its re-crawl as an identical-payload-digest revisit with its own head. */
const original = warcRecord([
  ['WARC-Type', 'response'], ['WARC-Target-URI', URL_], ['WARC-Date', '2008-04-30T20:51:20Z'],
  ['WARC-Payload-Digest', EMPTY_SHA1], ['WARC-Record-ID', '<urn:uuid:0b9f3c52-1c1e-4d4e-9a7b-1f1f0c6a1e01>'],
  ['Content-Type', 'application/http; msgtype=response']
], redirect('Wed, 30 Apr 2008 20:51:20 GMT'))
const revisit = (digest: string, http = redirect('Thu, 01 May 2008 10:00:00 GMT')): Uint8Array => warcRecord([
  ['WARC-Type', 'revisit'], ['WARC-Target-URI', URL_], ['WARC-Date', '2008-05-01T10:00:00Z'],
  ['WARC-Payload-Digest', digest], ['WARC-Record-ID', '<urn:uuid:0b9f3c52-1c1e-4d4e-9a7b-1f1f0c6a1e02>'],
  ['WARC-Profile', 'http://netpreserve.org/warc/1.0/revisit/identical-payload-digest'],
  ['WARC-Refers-To-Target-URI', URL_], ['WARC-Refers-To-Date', '2008-04-30T20:51:20Z'],
  ['Content-Type', 'application/http; msgtype=response']
], http)

async function expectRedirect (get: (path: string) => Promise<Response>, at: string): Promise<void> {
  const r = await get(`/a/${at}id_/${URL_}`)
  expect(r.status).toBe(302)
  expect(r.headers.get('location')).toMatch(/http:\/\/www\.archive\.org\/$/)
  expect((await r.arrayBuffer()).byteLength).toBe(0)
}

describe('a revisit of an empty payload (an empty-bodied redirect re-crawled)', () => {
  const crawl: WarcFile = { name: 'crawl.warc', bytes: Buffer.concat([original, revisit(EMPTY_SHA1)]) }
  const first: WarcFile = { name: 'first.warc', bytes: original }
  const second: WarcFile = { name: 'second.warc', bytes: revisit(EMPTY_SHA1) }

  it.each<[string, WarcFile[][]]>([
    ['one run', [[crawl]]],
    ['two runs', [[first], [second]]],
    ['the revisit alone (its original in no archive)', [[second]]]
  ])('%s: replays its own head, the redirect, with an empty body', async (_, runs) => {
    const { store, rootCid, results } = await ingestRuns(runs)
    for (const { summary } of results) expect(summary.revisits.unresolved).toEqual([])
    const get = replayFetch(store, rootCid)
    await expectRedirect(get, '20080501100000')
    const cdxj = await (await get(`/a/timemap/cdxj/${URL_}`)).text()
    expect(cdxj).toContain('"datetime":"2008-05-01T10:00:00Z"')
    expect(cdxj).not.toMatch(/2008-05-01T10:00:00Z[^\n]*"status":"(?!302)/)
  })

  it('knows the empty digest in other algorithms and spellings', async () => {
    for (const digest of ['sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709', 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']) {
      const { store, rootCid } = await ingestRuns([[{ name: 'r.warc', bytes: revisit(digest) }]])
      await expectRedirect(replayFetch(store, rootCid), '20080501100000')
    }
  })

  it('still needs the original when its head is none of its own (a 304, or no head at all)', async () => {
    const notModified = revisit(EMPTY_SHA1, httpMessage(['HTTP/1.1 304 Not Modified', 'Date: Thu, 01 May 2008 10:00:00 GMT']))
    for (const bytes of [notModified, revisit(EMPTY_SHA1, '')]) {
      const { store, rootCid, results } = await ingestRuns([[{ name: 'r.warc', bytes }]])
      expect(results[0]?.summary.revisits.unresolved).toHaveLength(1)
      expect((await replayFetch(store, rootCid)(`/a/20080501100000id_/${URL_}`)).status).toBe(404)
    }
  })

  it('keeps the empty-bodied redirects and zero-length revisits of real crawls replaying', async () => {
    // blackbook (Heritrix 2008): empty-bodied 301/302s; dupes: a 0-byte 302; example-extra: zero-length revisits
    const { store, rootCid } = await ingestRuns([[fixtureFile('ipwb/IAH-20080430204825-00000-blackbook.warc.gz'), fixtureFile('pywb/dupes.warc.gz'), fixtureFile('pywb/example-extra.warc')]])
    const get = replayFetch(store, rootCid)
    const skin = await get(`/a/20080430205120id_/${URL_}`)
    expect(skin.status).toBe(302)
    expect((await skin.arrayBuffer()).byteLength).toBe(0)
    const empty = await get('/a/20140127171239id_/http://www.iana.org/_js/2013.1/iana.js')
    expect(empty.status).toBe(200)
    expect((await empty.arrayBuffer()).byteLength).toBe(0)
    expect((await get('/a/20140603030341id_/http://example.com?example=2')).status).toBe(200)
    const listing = await archiveListing(store, rootCid)
    expect(listing).toContain(`${URL_} GET 2008-04-30T20:51:20Z 302`)
    expect(listing).toContain('http://iana.org GET 2014-01-27T17:12:38Z 302')
  })
})
