import { beforeAll, describe, expect, it } from 'vitest'
import { ORIGIN, responseRecord, testArchive, type TestArchive } from './replay-test-support.ts'

/**
 * What pywb's and ipwb's own Memento tests expect of a web archive (pywb tests/test_memento.py, ipwb
 * tests/test_memento.py and test_replay.py), asked of the replay handler on the same WARCs. Facts only:
 * pywb's collection `pywb` is archive `a` here, its `/pywb/` prefix our `/a/`. pywb's collection also
 * indexes a 2014-01-27 crawl that is not in its WARCs: the datetimes here are those of iana.warc.gz.
 * Where the two disagree the issue decides: a TimeGate redirects (302, pywb's redirect mode answers 307)
 * and a datetime of fewer than 4 digits is a 400 (ipwb), where pywb pads `2` to a year.
 */

/** The Link header's entries, split where pywb's tests split them (`, ` not followed by a digit). */
const links = (r: Response): string[] => (r.headers.get('link') ?? '').split(/, (?![0-9])/).map(s => s.trim())
const mementoRels = (r: Response): string[] => [...(r.headers.get('link') ?? '').matchAll(/rel="([^"]*memento)"/g)].map(m => m[1] ?? '')
const CSS = 'http://www.iana.org/_css/2013.1/screen.css'
const timemapLink = (url: string): string => `<${ORIGIN}/a/timemap/link/${url}>; rel="timemap"; type="application/link-format"`

describe('pywb: /ARCHIVE/URL is a TimeGate (iana.warc.gz, example.warc.gz)', () => {
  let archive: TestArchive
  beforeAll(async () => { archive = await testArchive(['pywb/iana.warc.gz', 'pywb/example.warc.gz']) })

  it.each(['', 'mp_'])('goes to the latest memento without Accept-Datetime, Vary and Link set (modifier %j)', async (fmod) => {
    const r = await archive.fetch(`/a/${fmod === '' ? '' : `${fmod}/`}${CSS}`)
    expect(r.status).toBe(302)
    expect(r.headers.get('vary')).toBe('accept-datetime')
    // a TimeGate's answer is not a memento
    expect(r.headers.get('memento-datetime')).toBeNull()
    // The latest of its 16 captures is a revisit made under https: the URI-M stays on the URL asked for,
    // the original is the URL that memento captured, as in the memento's own Link.
    const location = `${ORIGIN}/a/20140126201307${fmod}/${CSS}`
    expect(r.headers.get('location')).toBe(location)
    expect(links(r)).toEqual([
      `<${CSS.replace('http:', 'https:')}>; rel="original"`,
      `<${ORIGIN}/a/timegate/${CSS}>; rel="timegate"`,
      timemapLink(CSS),
      `<${location}>; rel="memento"; datetime="Sun, 26 Jan 2014 20:13:07 GMT"`
    ])
  })

  it.each(['', 'mp_'])('goes to the memento closest to Accept-Datetime (modifier %j)', async (fmod) => {
    const r = await archive.fetch(`/a/${fmod === '' ? '' : `${fmod}/`}${CSS}`, { headers: { 'Accept-Datetime': 'Sun, 26 Jan 2014 20:08:00 GMT' } })
    expect(r.status).toBe(302)
    expect(r.headers.get('vary')).toBe('accept-datetime')
    expect(r.headers.get('location')).toBe(`${ORIGIN}/a/20140126200804${fmod}/${CSS}`)
    expect(links(r)).toContain(`<${ORIGIN}/a/20140126200804${fmod}/${CSS}>; rel="memento"; datetime="Sun, 26 Jan 2014 20:08:04 GMT"`)
    expect(links(r)).toContain(`<${CSS}>; rel="original"`)
  })

  it('refuses a malformed Accept-Datetime with 400, and answers an unknown URL with a bare 404', async () => {
    expect((await archive.fetch(`/a/${CSS}`, { headers: { 'Accept-Datetime': 'Sun' } })).status).toBe(400)
    const missing = await archive.fetch('/a/http://example.com/x-not-found')
    expect(missing.status).toBe(404)
    for (const name of ['vary', 'memento-datetime', 'link']) expect(missing.headers.get(name), name).toBeNull()
  })

  it.each(['', 'mp_', 'id_'])('names an exact URI-M in Content-Location, which is its memento link (modifier %j)', async (fmod) => {
    const r = await archive.fetch(`/a/20140126200624${fmod}/http://www.iana.org/`)
    expect(r.status).toBe(200)
    expect(r.headers.get('vary')).toBeNull()
    expect(r.headers.get('memento-datetime')).toBe('Sun, 26 Jan 2014 20:06:24 GMT')
    const uriM = `${ORIGIN}/a/20140126200624${fmod}/http://www.iana.org/`
    expect(r.headers.get('content-location')).toBe(uriM)
    const memento = links(r).find(l => l.startsWith(`<${uriM}>; rel="`) && /memento"; datetime="Sun, 26 Jan 2014 20:06:24 GMT"$/.test(l))
    expect(memento).toBeDefined()
    expect(links(r)).toContain('<http://www.iana.org/>; rel="original"')
    expect(links(r)).toContain(`<${ORIGIN}/a/timegate/http://www.iana.org/>; rel="timegate"`)
    expect(links(r)).toContain(timemapLink('http://www.iana.org/'))
  })

  it('replays the memento of a 302 as a memento, its redirect kept in the archive except in id_', async () => {
    const url = 'http://www.iana.org/domains/example'
    for (const fmod of ['', 'mp_']) {
      const r = await archive.fetch(`/a/20140128051539${fmod}/${url}`)
      expect(r.status).toBe(302)
      expect(r.headers.get('vary')).toBeNull()
      expect(r.headers.get('memento-datetime')).toBe('Tue, 28 Jan 2014 05:15:39 GMT')
      expect(r.headers.get('content-location')).toBe(`${ORIGIN}/a/20140128051539${fmod}/${url}`)
      expect(r.headers.get('location')).toBe(`${ORIGIN}/a/20140128051539${fmod}/http://www.iana.org/domains/reserved`)
      expect(r.headers.get('x-archive-orig-location')).toBe('/domains/reserved')
    }
    const identity = await archive.fetch(`/a/20140128051539id_/${url}`)
    expect(identity.status).toBe(302)
    expect(identity.headers.get('location')).toBe('/domains/reserved')
    expect(identity.headers.get('x-archive-orig-location')).toBeNull()
    expect(identity.headers.get('memento-datetime')).toBe('Tue, 28 Jan 2014 05:15:39 GMT')
  })

  it('ignores Accept-Datetime on a URI-M (not a TimeGate)', async () => {
    const r = await archive.fetch('/a/20140126200624/http://www.iana.org/', { headers: { 'Accept-Datetime': 'Sun, 26 Jan 2014 20:13:07 GMT' } })
    expect(r.status).toBe(200)
    expect(r.headers.get('vary')).toBeNull()
    expect(r.headers.get('memento-datetime')).toBe('Sun, 26 Jan 2014 20:06:24 GMT')
  })
})

describe('ipwb: TimeGates, Link relations and datetimes in the path', () => {
  it.each(['timegate/', ''])('answers Accept-Datetime at /a/%sURL: RFC 1123 → 302, anything else → 400 (5mementos.warc)', async (route) => {
    const { fetch: get } = await testArchive(['ipwb/5mementos.warc'])
    const cases: Array<[string, number]> = [
      ['Thu, 31 May 2007 20:35:00 GMT', 302], ['Thu, 31 May 2007 20:35:00', 400], ['Thu, 31 May 2007 20:35 GMT', 400], ['20181001123636', 400]
    ]
    for (const [acceptDatetime, status] of cases) {
      const r = await get(`/a/${route}http://memento.us/`, { headers: { 'Accept-Datetime': acceptDatetime } })
      expect(r.status, acceptDatetime).toBe(status)
    }
    const early = await get(`/a/${route}http://memento.us/`, { headers: { 'Accept-Datetime': 'Thu, 31 May 2007 20:35:00 GMT' } })
    expect(early.headers.get('location')).toBe(`${ORIGIN}/a/20130202100000/http://memento.us/`)
    expect(early.headers.get('vary')).toBe('accept-datetime')
  })

  it('marks first, last, prev and next on every URI-M its TimeMap lists (1 to 3 mementos)', async () => {
    const expected: Record<string, string[][]> = {
      'ipwb/1memento.warc': [['first last memento']],
      'ipwb/2mementos.warc': [['first memento', 'last next memento'], ['first prev memento', 'last memento']],
      'ipwb/3mementos.warc': [
        ['first memento', 'next memento', 'last memento'],
        ['first prev memento', 'memento', 'last next memento'],
        ['first memento', 'prev memento', 'last memento']
      ]
    }
    for (const [warc, perUriM] of Object.entries(expected)) {
      const { fetch: get } = await testArchive([warc])
      const timemap = await (await get('/a/timemap/link/http://memento.us/')).text()
      const uriMs = [...timemap.matchAll(/<([^>]+)>; rel="[^"]*memento"/g)].map(m => new URL(m[1] ?? '').pathname)
      expect(uriMs, warc).toHaveLength(perUriM.length)
      for (const [i, path] of uriMs.entries()) expect(mementoRels(await get(path)), `${warc} ${path}`).toEqual(perUriM[i])
    }
  })

  it('answers 400 for datetimes that are not whole pairs or not a date, 404 for non-digits, 302 for valid prefixes (salam-home.warc)', async () => {
    const { fetch: get } = await testArchive(['ipwb/salam-home.warc'])
    const url = 'http://www.cs.odu.edu/~salam/'
    const invalid = ['18', '20181', '201800', '20180132', '2018010226', '20181301000000', '20180932000000', '20180230000000', '20180102263127']
    for (const dt of invalid) expect((await get(`/a/${dt}/${url}`)).status, dt).toBe(400)
    for (const dt of ['foo', '201l', '2018010100000O', '20181126134257.123']) expect((await get(`/a/${dt}/${url}`)).status, dt).toBe(404)
    for (const dt of ['2018', '201811', '20181126', '2018112613', '201811261342', '20181126134257']) {
      const r = await get(`/a/${dt}/${url}`)
      expect(r.status, dt).toBe(302)
      expect(r.headers.get('location'), dt).toBe(`${ORIGIN}/a/20160305192247/${url}`)
    }
    expect((await get(`/a/20160305192247/${url}`)).status).toBe(200)
    // ipwb writes URLs without a scheme: the same captures, the URI-Ms keep the form asked for
    expect((await get('/a/2018/cs.odu.edu/~salam/')).headers.get('location')).toBe(`${ORIGIN}/a/20160305192247/cs.odu.edu/~salam/`)
    expect((await get('/a/cs.odu.edu/~salam/')).headers.get('location')).toBe(`${ORIGIN}/a/20160305192247/cs.odu.edu/~salam/`)
    expect((await get('/a/20160305192247/cs.odu.edu/~salam/')).status).toBe(200)
    // the same digit counts with a modifier, and before the archive is even read
    expect((await get(`/a/18id_/${url}`)).status).toBe(400)
    expect((await get(`/nowhere/20181/${url}`)).status).toBe(400)
  })
})

describe('id_ (identity) against the default and mp_ modes', () => {
  const URL_ = 'http://id.example/go'
  const warc = responseRecord(URL_, '2020-01-01T00:00:00Z', [
    'HTTP/1.1 301 Moved Permanently', 'Location: https://elsewhere.example/landing?a=1', 'Content-Type: text/html',
    'Set-Cookie: session=abc', "Content-Security-Policy: default-src 'none'", 'Strict-Transport-Security: max-age=1',
    'Access-Control-Allow-Origin: *', 'Refresh: 0; url=http://live.example/', 'WWW-Authenticate: Basic realm="x"',
    'Connection: close', 'Transfer-Encoding: chunked'
  ].join('\r\n'), '5\r\nmoved\r\n0\r\n\r\n')

  it('keeps Location as captured in id_ only, and every header that would act on the replay origin renamed in all modes', async () => {
    const { fetch: get } = await testArchive(warc, { decodeContent: true })
    const identity = await get(`/a/20200101000000id_/${URL_}`)
    expect(identity.status).toBe(301)
    expect(identity.headers.get('location')).toBe('https://elsewhere.example/landing?a=1')
    expect(identity.headers.get('content-location')).toBe(`${ORIGIN}/a/20200101000000id_/${URL_}`)
    for (const fmod of ['', 'mp_']) {
      const r = await get(`/a/20200101000000${fmod}/${URL_}`)
      expect(r.headers.get('location'), fmod).toBe(`${ORIGIN}/a/20200101000000${fmod}/https://elsewhere.example/landing?a=1`)
      expect(r.headers.get('x-archive-orig-location'), fmod).toBe('https://elsewhere.example/landing?a=1')
    }
    for (const fmod of ['', 'mp_', 'id_']) {
      const r = await get(`/a/20200101000000${fmod}/${URL_}`)
      for (const name of ['set-cookie', 'content-security-policy', 'strict-transport-security', 'access-control-allow-origin', 'refresh', 'www-authenticate', 'connection', 'transfer-encoding']) {
        expect(r.headers.get(name), `${fmod} ${name}`).toBeNull()
        expect(r.headers.get(`x-archive-orig-${name}`), `${fmod} ${name}`).not.toBeNull()
      }
      // the chunked body is undone whatever the mode: identity is the payload, not the transfer coding
      expect(await r.text(), fmod).toBe('moved')
      expect(r.headers.get('memento-datetime'), fmod).toBe('Wed, 01 Jan 2020 00:00:00 GMT')
    }
  })
})
