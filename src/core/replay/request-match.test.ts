import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ArchiveReader } from '../archive/archive-reader.ts'
import { ORIGIN, requestRecord, responseRecord, testArchive } from './replay-test-support.ts'

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' }
const post = (body: string, headers: Record<string, string> = FORM): RequestInit => ({ method: 'POST', body, headers })
const json = async (r: Response): Promise<{ form: Record<string, string> }> => JSON.parse(await r.text()) as { form: Record<string, string> }

describe('POST replay (pywb post-test.warc.gz)', () => {
  it('keys POST captures by method and canonical body, beside (not over) the URL', async () => {
    const { store, rootCid } = await testArchive(['pywb/post-test.warc.gz'])
    const reader = await ArchiveReader.open(store, rootCid)
    const keys: string[] = []
    for await (const [key] of reader.urls.range({})) keys.push(key)
    expect(keys).toEqual([
      'org,httpbin)/post post form:A=1&B=%5B%5D&C=3',
      'org,httpbin)/post post form:foo=bar&test=abc',
      'org,httpbin)/post?foo=bar post form:data=%5E'
    ])
    const entry = await reader.urls.get(keys[1] ?? '')
    const iparo = await reader.source.iparo(entry?.head.toString() ?? '')
    expect(iparo.header.method).toBe('POST')
    expect(iparo.header.key).toBe(keys[1])
  })

  it('answers a POST with the capture of the same body, in any field order, at the URI-M itself', async () => {
    const { fetch } = await testArchive(['pywb/post-test.warc.gz'])
    const r = await fetch('/a/20140610000859/http://httpbin.org/post', post('test=abc&foo=bar'))
    expect(r.status).toBe(200)
    expect((await json(r)).form).toEqual({ foo: 'bar', test: 'abc' })
    expect(r.headers.get('content-location')).toBeNull()
    const other = await fetch('/a/20140610000859/http://httpbin.org/post', post('C=3&B=%5B%5D&A=1'))
    // no redirect (it would become a GET): the capture of that body, at its own datetime, said where it is from
    expect(other.status).toBe(200)
    expect((await json(other)).form).toEqual({ A: '1', B: '[]', C: '3' })
    expect(other.headers.get('content-location')).toBe(`${ORIGIN}/a/20140610001151/http://httpbin.org/post`)
    expect(other.headers.get('memento-datetime')).toBe('Tue, 10 Jun 2014 00:11:51 GMT')
    const query = await fetch('/a/2014/http://httpbin.org/post?foo=bar', post('data=^'))
    expect((await json(query)).form).toEqual({ data: '^' })
  })

  it('falls back to the body sharing most fields, then to a GET of the URL; a GET never gets a POST answer', async () => {
    const { fetch } = await testArchive(['pywb/post-test.warc.gz'])
    const near = await fetch('/a/20140610000859/http://httpbin.org/post', post('foo=bar&test=zzz&_=1400000000000'))
    expect((await json(near)).form).toEqual({ foo: 'bar', test: 'abc' })
    expect(near.headers.get('content-location')).toBe(`${ORIGIN}/a/20140610000859/http://httpbin.org/post`)
    expect((await fetch('/a/20140610000859/http://httpbin.org/post')).status).toBe(404)
    expect((await fetch('/a/20140610000859/http://httpbin.org/nothing', post('a=1'))).status).toBe(404)
  })
})

describe('POST replay of JSON and multipart bodies', () => {
  const DATE = '2020-01-01T00:00:00Z'
  const LATER = '2020-01-02T00:00:00Z'
  const URL_ = 'http://api.example/search'
  const warc = Buffer.concat([
    responseRecord(URL_, '2019-12-01T00:00:00Z', 'HTTP/1.1 200 OK\r\nContent-Type: text/html', 'the form'),
    requestRecord(URL_, DATE, 'POST', ['Content-Type: application/json'], '{"q":"cats","page":1}'),
    responseRecord(URL_, DATE, 'HTTP/1.1 200 OK\r\nContent-Type: application/json', '{"hits":["cats"]}'),
    requestRecord(URL_, LATER, 'POST', ['Content-Type: multipart/form-data; boundary=b0'], '--b0\r\nContent-Disposition: form-data; name="q"\r\n\r\ndogs\r\n--b0--\r\n'),
    responseRecord(URL_, LATER, 'HTTP/1.1 200 OK\r\nContent-Type: application/json', '{"hits":["dogs"]}')
  ])

  it('matches JSON whatever its key order or media type, multipart by fields, and keeps the GET page', async () => {
    const { fetch } = await testArchive(warc)
    const cats = await fetch(`/a/20200101000000/${URL_}`, post('{"page": 1, "q": "cats"}', { 'Content-Type': 'text/plain;charset=UTF-8' }))
    expect(await cats.text()).toBe('{"hits":["cats"]}')
    expect(cats.headers.get('content-location')).toBeNull()
    const form = new FormData()
    form.set('q', 'dogs')
    const dogs = await fetch(`/a/20200102000000/${URL_}`, { method: 'POST', body: form })
    expect(await dogs.text()).toBe('{"hits":["dogs"]}')
    expect(dogs.headers.get('content-location')).toBeNull()
    expect(await (await fetch(`/a/20191201000000/${URL_}`)).text()).toBe('the form')
    // a POST to a URL never POSTed with that method gets its GET capture, marked
    const put = await fetch(`/a/20191201000000/${URL_}`, { method: 'PUT', body: 'x' })
    expect(await put.text()).toBe('the form')
    expect(put.headers.get('content-location')).toBe(`${ORIGIN}/a/20191201000000/${URL_}`)
  })
  it('keys a request too large to hold (streamed at ingest) by its digest, which a replayed POST of the same bytes finds', async () => {
    const big = 'x'.repeat(5 * 1024 * 1024)
    const upload = 'http://api.example/upload'
    const { fetch, store, rootCid } = await testArchive(Buffer.concat([
      requestRecord(upload, DATE, 'POST', ['Content-Type: application/octet-stream'], big),
      responseRecord(upload, DATE, 'HTTP/1.1 201 Created\r\nContent-Type: text/plain', 'stored')
    ]))
    const reader = await ArchiveReader.open(store, rootCid)
    const keys: string[] = []
    for await (const [key] of reader.urls.range({ prefix: 'example,api)/upload' })) keys.push(key)
    expect(keys).toEqual([`example,api)/upload post sha256:${createHash('sha256').update(big).digest('hex')}`])
    const r = await fetch(`/a/20200101000000/${upload}`, { method: 'POST', body: big, headers: { 'Content-Type': 'application/octet-stream' } })
    expect(r.status).toBe(201)
    expect(r.headers.get('content-location')).toBeNull()
  })
})
