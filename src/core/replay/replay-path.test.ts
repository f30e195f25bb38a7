import { describe, expect, it } from 'vitest'
import { isWholeDatetimePrefix, parseReplayPath, repairEmbeddedUrl } from './replay-path.ts'

const parse = (path: string, prefix?: string): ReturnType<typeof parseReplayPath> => parseReplayPath(new URL(`http://node${path}`), prefix)

describe('replay paths', () => {
  it('reads URI-Ms with datetime and modifier, keeping the query on the archived URL', () => {
    expect(parse('/a/2018/http://memento.us/')).toEqual({ kind: 'memento', archive: 'a', digits: '2018', modifier: '', url: 'http://memento.us/' })
    expect(parse('/a/20130202100000id_/http://x.us/p?b=2&a=1')).toEqual({ kind: 'memento', archive: 'a', digits: '20130202100000', modifier: 'id_', url: 'http://x.us/p?b=2&a=1' })
    expect(parse('/a/20130202100000123/http://x.us/')).toMatchObject({ kind: 'memento', digits: '20130202100000123' })
  })

  it('treats what is not a datetime segment as part of the URL of a TimeGate (so it is unknown, not a bad date)', () => {
    expect(parse('/a/foo/http://x.us/')).toEqual({ kind: 'timegate', archive: 'a', modifier: '', url: 'foo/http://x.us/' })
    expect(parse('/a/201l/http://x.us/')).toMatchObject({ kind: 'timegate', url: '201l/http://x.us/' })
    expect(parse('/a/2018010100000O/http://x.us/')).toMatchObject({ kind: 'timegate', url: '2018010100000O/http://x.us/' })
    expect(parse('/a/20181126134257.123/http://x.us/')).toMatchObject({ kind: 'timegate', url: '20181126134257.123/http://x.us/' })
    expect(parse('/a/2018zz_/http://x.us/')).toMatchObject({ kind: 'timegate', url: '2018zz_/http://x.us/' })
    expect(parse('/a/http://x.us/')).toEqual({ kind: 'timegate', archive: 'a', modifier: '', url: 'http://x.us/' })
  })

  it('reads digits that are not whole pairs of YYYYMMDDhhmmss (fewer than 4, or odd up to 14) as a bad datetime, as ipwb does', () => {
    for (const digits of ['1', '18', '123', '20181', '2018112', '201811261', '20181126134', '2018112613425']) {
      expect(parse(`/a/${digits}/http://x.us/`), digits).toEqual({ kind: 'bad-datetime', archive: 'a', digits, url: 'http://x.us/' })
    }
    expect(parse('/a/18id_/http://x.us/')).toMatchObject({ kind: 'bad-datetime', digits: '18' })
    // sub-second digits past the 14 keep any count: a capture's own URI-M names its fraction
    for (const digits of ['2018', '201811', '20181126', '2018112613', '201811261342', '20181126134257', '201811261342571', '20181126134257123']) {
      expect(parse(`/a/${digits}/http://x.us/`), digits).toMatchObject({ kind: 'memento', digits })
    }
    expect(isWholeDatetimePrefix('20181126134257123456789')).toBe(true)
    expect(isWholeDatetimePrefix('')).toBe(false)
  })

  it('needs an archive and a URL, under the prefix', () => {
    expect(parse('/')).toBeUndefined()
    expect(parse('/a/')).toBeUndefined()
    expect(parse('/a/timegate/')).toBeUndefined()
    expect(parse('/a/2018/')).toBeUndefined()
    expect(parse('/a/18/')).toBeUndefined()
    expect(parse('/a/mp_/')).toBeUndefined()
    expect(parse('/w/a/2018/http://x.us/', '/w/')).toMatchObject({ kind: 'memento', archive: 'a' })
    expect(parse('/a/2018/http://x.us/', '/w/')).toBeUndefined()
  })

  it('repairs URLs whose slashes were merged or that were percent-encoded whole', () => {
    expect(repairEmbeddedUrl('http:/x.us/')).toBe('http://x.us/')
    expect(repairEmbeddedUrl('https%3A%2F%2Fx.us%2Fa%3Fb%3D1')).toBe('https://x.us/a?b=1')
    expect(repairEmbeddedUrl('https%3A%2F%2Fx.us%2F%E0%A4%A')).toBe('https%3A%2F%2Fx.us%2F%E0%A4%A')
    expect(repairEmbeddedUrl('http://x.us/a%20b')).toBe('http://x.us/a%20b')
    expect(repairEmbeddedUrl('file:/example%20with%20spaces.png')).toBe('file:///example%20with%20spaces.png')
    expect(repairEmbeddedUrl('file%3A%2F%2F%2Fexample%2520with%2520spaces.png')).toBe('file:///example%20with%20spaces.png')
    expect(repairEmbeddedUrl('file:///example%20with%20spaces.png')).toBe('file:///example%20with%20spaces.png')
  })
})
