import { describe, expect, it } from 'vitest'
import { MemoryBlockStore } from '../blocks.ts'
import { surt } from '../surt.ts'
import { UrlMap, type UrlEntry } from '../url-map/url-map.ts'
import { findEntry, FUZZY_SCAN_LIMIT, isIgnorableParam, substituteCallback } from './fuzzy-match.ts'
import { ORIGIN, responseRecord, testArchive } from './replay-test-support.ts'

const DATE = '2020-01-01T00:00:00Z'
const js = 'HTTP/1.1 200 OK\r\nContent-Type: application/javascript'

async function mapOf (urls: string[]): Promise<UrlMap> {
  const store = new MemoryBlockStore()
  const head = (await UrlMap.empty(store)).root
  const entry = (url: string): UrlEntry => ({ url, head, first: '2020-01-01T00:00:00Z', last: '2020-01-01T00:00:00Z', count: 1 })
  return UrlMap.fromSorted(store, urls.map(u => [surt(u), entry(u)] as const).sort(([a], [b]) => a < b ? -1 : 1))
}

describe('fuzzy lookup', () => {
  it('tells cache-busters, trackers and callbacks from meaningful parameters', () => {
    for (const [name, value] of [['_', '1'], ['cb', 'x'], ['utm_source', 'news'], ['t', '1589000000000'], ['v', '1589000000'], ['r', '0.8412345678'], ['callback', 'jquery123']] as const) {
      expect(isIgnorableParam(name, value), `${name}=${value}`).toBe(true)
    }
    for (const [name, value] of [['id', '42'], ['page', '2'], ['q', 'news'], ['v', '3'], ['year', '2020']] as const) {
      expect(isIgnorableParam(name, value), `${name}=${value}`).toBe(false)
    }
  })

  it('finds the capture whose query differs only in ignorable parameters, never one with other meaningful ones', async () => {
    const map = await mapOf(['http://a.example/api?id=1&_=1400000000000', 'http://a.example/api?id=2&_=1400000000001', 'http://a.example/api', 'http://a.example/api/x?id=1', 'http://a.example/apix?id=1'])
    expect(await findEntry(map, 'http://a.example/api?id=1&_=1400000000000')).toMatchObject({ exact: true, key: 'example,a)/api?_=1400000000000&id=1' })
    expect(await findEntry(map, 'https://www.a.example/api?_=1589000000000&id=1&utm_campaign=x')).toMatchObject({ exact: false, key: 'example,a)/api?_=1400000000000&id=1' })
    expect(await findEntry(map, 'http://a.example/api?id=2')).toMatchObject({ exact: false, key: 'example,a)/api?_=1400000000001&id=2' })
    expect(await findEntry(map, 'http://a.example/api?cb=123')).toMatchObject({ exact: false, key: 'example,a)/api' })
    expect(await findEntry(map, 'http://a.example/api?id=3&_=1')).toBeUndefined()
    expect(await findEntry(map, 'http://a.example/other?_=1')).toBeUndefined()
  })

  it('prefers the candidate sharing the most parameter names, and reads a bounded number of keys', async () => {
    const urls = Array.from({ length: FUZZY_SCAN_LIMIT + 50 }, (_, i) => `http://b.example/p?_=${1400000000000 + i}`)
    const map = await mapOf([...urls, 'http://b.example/p?callback=cb1', 'http://b.example/p?callback=cb1&_=1', 'http://b.example/p?z=1'])
    expect(await findEntry(map, 'http://b.example/p?callback=jq99&_=5')).toMatchObject({ key: 'example,b)/p?_=1&callback=cb1' })
    expect(await findEntry(map, 'http://b.example/p?_=5')).toMatchObject({ key: 'example,b)/p?_=1400000000000' })
    // the one candidate for z=1 sorts after more than FUZZY_SCAN_LIMIT other keys of the path: not found, by design
    expect(await findEntry(map, 'http://b.example/p?z=1&_=9')).toBeUndefined()
    expect(await findEntry(map, 'http://b.example/p?z=1')).toMatchObject({ exact: true })
  })

  it('renames the archived JSONP callback, and refuses names that are not plain JS names', () => {
    const body = new TextEncoder().encode('/**/ typeof jQuery17_1 === "function" && jQuery17_1({"a":"jQuery17_1("});')
    expect(new TextDecoder().decode(substituteCallback(body, 'jQuery17_1', 'jQuery99_2'))).toBe('/**/ typeof jQuery17_1 === "function" && jQuery99_2({"a":"jQuery17_1("});')
    expect(substituteCallback(body, 'jQuery17_1', 'alert(1);x')).toBeUndefined()
    expect(substituteCallback(new TextEncoder().encode('{"plain":"json"}'), 'cb', 'other')).toBeUndefined()
  })
})

describe('fuzzy replay', () => {
  it('serves a JSONP capture under the requested callback, marked with Content-Location', async () => {
    const warc = responseRecord('http://c.example/data.js?callback=jQuery1_111&_=1400000000000', DATE, js, 'jQuery1_111({"n": 1});')
    const { fetch } = await testArchive(warc)
    const exact = await fetch('/a/20200101000000/http://c.example/data.js?callback=jQuery1_111&_=1400000000000')
    expect(await exact.text()).toBe('jQuery1_111({"n": 1});')
    // an exact URI-M names itself, as pywb does
    expect(exact.headers.get('content-location')).toBe(`${ORIGIN}/a/20200101000000/http://c.example/data.js?callback=jQuery1_111&_=1400000000000`)
    const r = await fetch('/a/20200101000000/http://c.example/data.js?callback=jQuery2_222&_=1589000000000')
    expect(r.status).toBe(200)
    expect(await r.text()).toBe('jQuery2_222({"n": 1});')
    expect(r.headers.get('content-length')).toBe(String('jQuery2_222({"n": 1});'.length))
    expect(r.headers.get('content-location')).toBe(`${ORIGIN}/a/20200101000000/http://c.example/data.js?callback=jQuery1_111&_=1400000000000`)
  })

  it('redirects an inexact datetime keeping the requested URL, and 404s a query with other meaningful parameters', async () => {
    const { fetch } = await testArchive(responseRecord('http://c.example/q?id=1&cb=7', DATE, 'HTTP/1.1 200 OK\r\nContent-Type: text/plain', 'one'))
    const r = await fetch('/a/2021/http://c.example/q?id=1&cb=8')
    expect(r.status).toBe(302)
    expect(r.headers.get('location')).toBe(`${ORIGIN}/a/20200101000000/http://c.example/q?id=1&cb=8`)
    expect((await fetch('/a/2021/http://c.example/q?id=2&cb=8')).status).toBe(404)
    // TimeMaps list the URL's own captures only
    expect((await fetch('/a/timemap/link/http://c.example/q?id=1&cb=8')).status).toBe(404)
  })
})
