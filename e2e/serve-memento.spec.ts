import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, fresh, iparo, json, serve, type Served } from './support/iparo-process.ts'

/** ipwb's Memento cases over HTTP against `iparo serve`, one archive per fixture as a user would ingest them. */
const ARCHIVES: Record<string, string> = {
  five: '5mementos.warc',
  one: '1memento.warc',
  notfound: 'HTTP404.warc',
  redirect: 'redirectRelative.warc',
  query: '2mementos_queryString.warc',
  salam: 'salam-home.warc'
}

let node: Served
const get = async (path: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(new URL(path, node.url), { redirect: 'manual', headers })
const rels = (r: Response): string[] => [...(r.headers.get('link') ?? '').matchAll(/rel="([^"]*)"/g)].map(m => m[1] ?? '')
const mementoRels = (r: Response): string[] => rels(r).filter(rel => rel.endsWith('memento'))

beforeAll(async () => {
  const data = fresh()
  for (const [name, file] of Object.entries(ARCHIVES)) json(await iparo(['ingest', `${FIXTURES}ipwb/${file}`, '--archive', name, '--json', '--data', data]))
  node = await serve(data)
})
afterAll(async () => { await node.stop() })

describe('Memento over HTTP (iparo serve)', () => {
  it('lists the 5mementos TimeMap with first and last marked', async () => {
    const r = await get('five/timemap/link/http://memento.us/')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('application/link-format')
    const mementos = (await r.text()).split('\n').filter(l => l.includes('memento"'))
    expect(mementos).toHaveLength(5)
    expect(mementos[0]).toContain('rel="first memento"')
    expect(mementos[4]).toContain('rel="last memento"')
  })

  it('answers the TimeGate by Accept-Datetime, latest without, 400 for anything but RFC 1123', async () => {
    const early = await get('five/timegate/http://memento.us/', { 'Accept-Datetime': 'Thu, 31 May 2007 20:35:00 GMT' })
    expect(early.status).toBe(302)
    expect(early.headers.get('location')).toBe(`${node.url}five/20130202100000/http://memento.us/`)
    expect(early.headers.get('vary')).toBe('accept-datetime')
    expect(early.headers.get('link')).toContain('rel="original"')
    const none = await get('five/timegate/http://memento.us/')
    expect(none.headers.get('location')).toBe(`${node.url}five/20161231110001/http://memento.us/`)
    for (const bad of ['Thu, 31 May 2007 20:35:00', 'Thu, 31 May 2007 20:35 GMT', '20181001123636']) {
      expect((await get('five/timegate/http://memento.us/', { 'Accept-Datetime': bad })).status, bad).toBe(400)
    }
  })

  it('names neighbours in the Link header by position', async () => {
    expect(mementoRels(await get('one/20130202100000/http://memento.us/'))).toEqual(['first last memento'])
    expect(mementoRels(await get('five/20140115101500/http://memento.us/'))).toEqual(['first memento', 'prev memento', 'memento', 'next memento', 'last memento'])
    const first = await get('five/20130202100000/http://memento.us/')
    expect(mementoRels(first)).toEqual(['first memento', 'next memento', 'last memento'])
    expect(first.headers.get('memento-datetime')).toBe('Sat, 02 Feb 2013 10:00:00 GMT')
  })

  it('replays an archived 404 as 404 with Memento-Datetime; no capture is 404 without it', async () => {
    const archived = await get('notfound/20200202100000/http://memento.us/')
    expect(archived.status).toBe(404)
    expect(archived.headers.get('memento-datetime')).toBe('Sun, 02 Feb 2020 10:00:00 GMT')
    const missing = await get('notfound/20200202100000/http://never.example/')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('memento-datetime')).toBeNull()
    const emptyMap = await get('notfound/timemap/json/http://never.example/')
    expect(emptyMap.status).toBe(404)
    expect(((await emptyMap.json()) as { mementos: { list: unknown[] } }).mementos.list).toEqual([])
    expect((await get('notfound/timemap/rss/http://memento.us/')).status).toBe(400)
  })

  it('keeps a relative archived redirect inside the archive, and following it stays there', async () => {
    const r = await get('redirect/20180727203127/https://example.com')
    expect(r.status).toBe(302)
    const location = r.headers.get('location') ?? ''
    expect(location).toBe(`${node.url}redirect/20180727203127/https://example.com/anotherURI`)
    const followed = await fetch(location, { redirect: 'manual' })
    expect(followed.url.startsWith(node.url)).toBe(true)
    expect([200, 302, 404]).toContain(followed.status)
  })

  it('matches a query string with its parameters reordered', async () => {
    const asCaptured = await get('query/20130202100000/http://memento.us/index.php?someval=lorem&anotherval=ipsum')
    const reordered = await get('query/20130202100000/http://memento.us/index.php?anotherval=ipsum&someval=lorem')
    expect(asCaptured.status).toBe(200)
    expect(reordered.status).toBe(200)
    expect(await reordered.text()).toBe(await asCaptured.text())
  })

  it('pads short datetimes and refuses impossible ones (salam-home)', async () => {
    for (const dt of ['2018', '201811', '20181126', '2018112613', '201811261342', '20181126134257']) {
      const r = await get(`salam/${dt}/http://www.cs.odu.edu/~salam/`)
      expect(r.status, dt).toBe(302)
      expect(r.headers.get('location'), dt).toBe(`${node.url}salam/20160305192247/http://www.cs.odu.edu/~salam/`)
    }
    for (const dt of ['20180132', '20181301000000', '20180932000000', '20180230000000', '20180102263127']) {
      expect((await get(`salam/${dt}/http://www.cs.odu.edu/~salam/`)).status, dt).toBe(400)
    }
    expect((await get('salam/foo/http://www.cs.odu.edu/~salam/')).status).toBe(404)
    expect((await get('salam/http://www.cs.odu.edu/~salam/')).headers.get('location')).toBe(`${node.url}salam/20160305192247/http://www.cs.odu.edu/~salam/`)
  })
})
