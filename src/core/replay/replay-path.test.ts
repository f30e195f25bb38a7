import { describe, expect, it } from 'vitest'
import { parseReplayPath, repairEmbeddedUrl } from './replay-path.ts'

const parse = (path: string, prefix?: string): ReturnType<typeof parseReplayPath> => parseReplayPath(new URL(`http://node${path}`), prefix)

describe('replay paths', () => {
  it('reads URI-Ms with datetime and modifier, keeping the query on the archived URL', () => {
    expect(parse('/a/2018/http://memento.us/')).toEqual({ kind: 'memento', archive: 'a', digits: '2018', modifier: '', url: 'http://memento.us/' })
    expect(parse('/a/20130202100000id_/http://x.us/p?b=2&a=1')).toEqual({ kind: 'memento', archive: 'a', digits: '20130202100000', modifier: 'id_', url: 'http://x.us/p?b=2&a=1' })
    expect(parse('/a/20130202100000123/http://x.us/')).toMatchObject({ kind: 'memento', digits: '20130202100000123' })
  })

  it('treats what is not a datetime segment as part of the URL (so it is unknown, not a bad date)', () => {
    expect(parse('/a/foo/http://x.us/')).toEqual({ kind: 'latest', archive: 'a', url: 'foo/http://x.us/' })
    expect(parse('/a/201l/http://x.us/')).toMatchObject({ kind: 'latest' })
    expect(parse('/a/123/http://x.us/')).toMatchObject({ kind: 'latest' })
    expect(parse('/a/2018zz_/http://x.us/')).toMatchObject({ kind: 'latest' })
    expect(parse('/a/http://x.us/')).toEqual({ kind: 'latest', archive: 'a', url: 'http://x.us/' })
  })

  it('reads TimeGate and TimeMap paths', () => {
    expect(parse('/a/timegate/http://x.us/')).toEqual({ kind: 'timegate', archive: 'a', url: 'http://x.us/' })
    expect(parse('/a/timemap/cdxj/http://x.us/?q=1')).toEqual({ kind: 'timemap', archive: 'a', format: 'cdxj', url: 'http://x.us/?q=1' })
    expect(parse('/a/timemap/xml/http://x.us/')).toMatchObject({ kind: 'timemap', format: 'xml' })
  })

  it('needs an archive and a URL, under the prefix', () => {
    expect(parse('/')).toBeUndefined()
    expect(parse('/a/')).toBeUndefined()
    expect(parse('/a/timegate/')).toBeUndefined()
    expect(parse('/w/a/2018/http://x.us/', '/w/')).toMatchObject({ kind: 'memento', archive: 'a' })
    expect(parse('/a/2018/http://x.us/', '/w/')).toBeUndefined()
  })

  it('repairs URLs whose slashes were merged or that were percent-encoded whole', () => {
    expect(repairEmbeddedUrl('http:/x.us/')).toBe('http://x.us/')
    expect(repairEmbeddedUrl('https%3A%2F%2Fx.us%2Fa%3Fb%3D1')).toBe('https://x.us/a?b=1')
    expect(repairEmbeddedUrl('https%3A%2F%2Fx.us%2F%E0%A4%A')).toBe('https%3A%2F%2Fx.us%2F%E0%A4%A')
    expect(repairEmbeddedUrl('http://x.us/a%20b')).toBe('http://x.us/a%20b')
  })
})
