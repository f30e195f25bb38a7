import { describe, expect, it } from 'vitest'
import { archiveListing, fixtureFile, fixturePayload, httpMessage, ingestRuns, replayFetch, warcRecord, type WarcFile } from './ingest-replay.test-support.ts'

const EXAMPLE = 'pywb/example.warc.gz'
const EXTRA = 'pywb/example-extra.warc'

/** What the two files hold, whichever way they are ingested. */
const LISTING = [
  'http://example.com?example=1 GET 2014-01-03T03:03:21Z 200',
  'http://example.com?example=1 GET 2014-01-03T03:03:41Z 200',
  'http://example.com?example=2 GET 2014-01-03T03:03:21Z 200',
  'http://example.com?example=2 GET 2014-06-03T03:03:41Z 200',
  // example-extra.warc's second exchange repeats the first's IDs, URI and date with a GETX request
  'http://example.com?example=2 GETX 2014-01-03T03:03:21Z 200',
  'http://www.iana.org/domains/example GET 2014-01-28T05:15:39Z 302'
]

describe('request/response pairing across files (pywb example.warc.gz and example-extra.warc)', () => {
  const [a, b] = [fixtureFile(EXAMPLE), fixtureFile(EXTRA)]
  const groupings: Array<[string, WarcFile[][]]> = [
    ['one run, example first', [[a, b]]],
    ['one run, extra first', [[b, a]]],
    ['two runs, example first', [[a], [b]]],
    ['two runs, extra first', [[b], [a]]]
  ]

  it.each(groupings)('%s: every capture under its own method, the revisit replays its payload', async (_, runs) => {
    const { store, rootCid, results } = await ingestRuns(runs)
    expect(await archiveListing(store, rootCid)).toEqual(LISTING)
    for (const { summary } of results) {
      expect(summary.revisits.unresolved).toEqual([])
      expect(summary.skippedByReason['request without response']).toBeUndefined()
    }
    const get = replayFetch(store, rootCid)
    const cdxj = await (await get('/a/timemap/cdxj/http://example.com?example=1')).text()
    expect(cdxj.trim().split('\n').map(line => JSON.parse(line.slice(line.indexOf('{'))) as { datetime: string, status: string })
      .map(f => `${f.datetime} ${f.status}`)).toEqual(['2014-01-03T03:03:21Z 200', '2014-01-03T03:03:41Z 200'])
    const revisit = await get('/a/20140103030341id_/http://example.com?example=1')
    expect(revisit.status).toBe(200)
    expect(new Uint8Array(await revisit.arrayBuffer())).toEqual(await fixturePayload(EXAMPLE, 'http://example.com?example=1', '2014-01-03T03:03:21Z'))
    // the GET is the file's first exchange (the GETX one's payload differs), and its zero-length revisit shares it
    const extraGet = await fixturePayload(EXTRA, 'http://example.com?example=2', '2014-01-03T03:03:21Z')
    for (const at of ['20140103030321', '20140603030341']) {
      const r = await get(`/a/${at}id_/http://example.com?example=2`)
      expect(r.status).toBe(200)
      expect(new Uint8Array(await r.arrayBuffer())).toEqual(extraGet)
    }
  })

  it('gives the same TimeMaps in every order and grouping', async () => {
    const listings = []
    for (const [, runs] of groupings) {
      const { store, rootCid } = await ingestRuns(runs)
      const get = replayFetch(store, rootCid)
      const timemaps = []
      for (const url of ['http://example.com?example=1', 'http://example.com?example=2', 'http://www.iana.org/domains/example']) {
        // CIDs differ with the chains' shapes; what a TimeMap says of each memento does not
        const cdxj = await (await get(`/a/timemap/cdxj/${url}`)).text()
        timemaps.push(cdxj.replace(/"cid":"[^"]+",?/g, ''))
      }
      listings.push({ listing: await archiveListing(store, rootCid), timemaps })
    }
    for (const other of listings.slice(1)) expect(other).toEqual(listings[0])
  })

  it('pairs a response with no request of another file or another URL, even sharing record IDs', async () => {
    const ids: Array<[string, string]> = [['WARC-Record-ID', '<urn:uuid:req>'], ['WARC-Concurrent-To', '<urn:uuid:resp>']]
    const date: [string, string] = ['WARC-Date', '2020-01-01T00:00:00Z']
    const response = (url: string): Uint8Array => warcRecord([['WARC-Type', 'response'], ['WARC-Record-ID', '<urn:uuid:resp>'], date, ['WARC-Target-URI', url]],
      httpMessage(['HTTP/1.1 200 OK', 'Content-Type: text/plain'], url))
    const request = (url: string, method: string): Uint8Array => warcRecord([['WARC-Type', 'request'], ...ids, date, ['WARC-Target-URI', url]],
      httpMessage([`${method} ${new URL(url).pathname} HTTP/1.1`, `Host: ${new URL(url).host}`]))
    const first: WarcFile = { name: 'first.warc', bytes: Buffer.concat([response('http://a.test/'), request('http://a.test/', 'GET')]) }
    // another file: a POST of another URL with the same request ID and concurrent ID, then a lone response
    const second: WarcFile = { name: 'second.warc', bytes: Buffer.concat([request('http://b.test/', 'POST'), response('http://c.test/')]) }
    for (const runs of [[[first, second]], [[second, first]], [[first], [second]], [[second], [first]]]) {
      const { store, rootCid } = await ingestRuns(runs)
      expect(await archiveListing(store, rootCid)).toEqual([
        'http://a.test/ GET 2020-01-01T00:00:00Z 200',
        'http://c.test/ GET 2020-01-01T00:00:00Z 200'
      ])
    }
  })
})
