import { describe, expect, it } from 'vitest'
import { archiveListing, httpMessage, ingestRuns, replayFetch, warcRecord } from './ingest-replay.test-support.ts'

const date: [string, string] = ['WARC-Date', '2021-03-04T05:06:07Z']

function exchange (url: string, requestLine: string, n: number): Uint8Array {
  const response = warcRecord([['WARC-Type', 'response'], ['WARC-Record-ID', `<urn:uuid:resp-${n}>`], date, ['WARC-Target-URI', url]],
    httpMessage(['HTTP/1.1 200 OK', 'Content-Type: text/plain'], `page ${n}`))
  const request = warcRecord([['WARC-Type', 'request'], ['WARC-Record-ID', `<urn:uuid:req-${n}>`], ['WARC-Concurrent-To', `<urn:uuid:resp-${n}>`], date, ['WARC-Target-URI', url]],
    httpMessage([requestLine, `Host: ${new URL(url).host}`, 'Cookie: secret=1']))
  return Buffer.concat([response, request])
}

describe('request records whose first line names no method', () => {
  it('a status line as request line: the capture is a GET, with a warning that names the record', async () => {
    const bytes = Buffer.concat([exchange('http://a.test/status', 'HTTP/1.1 200 OK', 1), exchange('http://a.test/getx', 'GETX /getx HTTP/1.1', 2)])
    const { store, rootCid, results } = await ingestRuns([[{ name: 'methods.warc', bytes }]])
    const summary = results[0]?.summary
    expect(summary?.warnings.map(w => [w.code, w.uri, w.recordId, w.file])).toEqual([['bad-request-method', 'http://a.test/status', '<urn:uuid:req-1>', 'methods.warc']])
    expect(summary?.warnings[0]?.message).toContain('"HTTP/1.1 200 OK"')
    expect(summary?.skippedByReason['request without response']).toBeUndefined()
    // GETX is a token: its own request key, beside the URL's GET key (docs/url-map.md)
    expect(await archiveListing(store, rootCid)).toEqual([
      'http://a.test/getx GETX 2021-03-04T05:06:07Z 200',
      'http://a.test/status GET 2021-03-04T05:06:07Z 200'
    ])
    const get = replayFetch(store, rootCid)
    const r = await get('/a/20210304050607id_/http://a.test/status')
    expect(r.status).toBe(200)
    expect(await r.text()).toBe('page 1')
    expect(await (await get('/a/timemap/cdxj/http://a.test/status')).text()).toContain('"status":"200"')
    // no GET of /getx was archived
    expect((await get('/a/timemap/cdxj/http://a.test/getx')).status).toBe(404)
  })
})
