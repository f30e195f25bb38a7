import { describe, expect, it } from 'vitest'
import { replayPath } from '../core/replay/replay-link.ts'
import { parseRoute, routeHash, type AppRoute } from './app-route.ts'

describe('app routes in the hash', () => {
  it('reads home, settings, archive and replay routes', () => {
    expect(parseRoute('')).toEqual({ view: 'home' })
    expect(parseRoute('#/')).toEqual({ view: 'home' })
    expect(parseRoute('#/app/settings')).toEqual({ view: 'settings' })
    expect(parseRoute('#/app/nothing')).toEqual({ view: 'home' })
    expect(parseRoute('#/iana')).toEqual({ view: 'archive', archive: 'iana' })
    expect(parseRoute('#/iana/')).toEqual({ view: 'archive', archive: 'iana' })
    expect(parseRoute('#/iana/20140126200624/http://www.iana.org/?a=1#x')).toEqual({ view: 'replay', archive: 'iana', datetime: '20140126200624', url: 'http://www.iana.org/?a=1#x' })
    expect(parseRoute('#/iana/2014id_/http://www.iana.org/')).toEqual({ view: 'replay', archive: 'iana', datetime: '2014', url: 'http://www.iana.org/' })
    expect(parseRoute('#/iana/http://www.iana.org/')).toEqual({ view: 'replay', archive: 'iana', datetime: '', url: 'http://www.iana.org/' })
    expect(parseRoute('#/k51x/http%3A%2F%2Fa.example%2F')).toEqual({ view: 'replay', archive: 'k51x', datetime: '', url: 'http%3A%2F%2Fa.example%2F' })
  })

  it('writes what it reads', () => {
    const routes: AppRoute[] = [{ view: 'home' }, { view: 'settings' }, { view: 'archive', archive: 'a' },
      { view: 'replay', archive: 'a', datetime: '20200101000000', url: 'https://x.example/p?q=1' }, { view: 'replay', archive: 'a', datetime: '', url: 'https://x.example/' }]
    for (const r of routes) expect(parseRoute(routeHash(r))).toEqual(r)
    expect(replayPath({ archive: 'a', datetime: '', url: 'http://x/' })).toBe('/a/http://x/')
  })
})

describe('the archive view\'s search in the address', () => {
  it('reads the words and the order after the archive name', () => {
    expect(parseRoute('#/iana?q=about+the&sort=newest')).toEqual({ view: 'archive', archive: 'iana', list: { q: 'about the', sort: 'newest', view: 'pages' } })
    expect(parseRoute('#/iana/?q=numbers')).toEqual({ view: 'archive', archive: 'iana', list: { q: 'numbers', sort: 'url-asc', view: 'pages' } })
    // escaped before the hash is decoded: `&` and `#` stay in the words
    expect(parseRoute('#/iana?q=a%26b%23c')).toMatchObject({ list: { q: 'a&b#c' } })
    expect(parseRoute('#/iana?q=example.com/blog')).toMatchObject({ view: 'archive', archive: 'iana', list: { q: 'example.com/blog' } })
    expect(parseRoute('#/k51x?q=caf%C3%A9')).toMatchObject({ archive: 'k51x', list: { q: 'café' } })
  })

  it('opens the archive with the defaults when the query is unknown or malformed', () => {
    expect(parseRoute('#/iana?')).toEqual({ view: 'archive', archive: 'iana', list: { q: '', sort: 'url-asc', view: 'pages' } })
    expect(parseRoute('#/iana?sort=upside-down&x=%%&q')).toEqual({ view: 'archive', archive: 'iana', list: { q: '', sort: 'url-asc', view: 'pages' } })
    expect(parseRoute('#/app?q=x')).toEqual({ view: 'home' })
  })

  it('writes it, and leaves the plain archive link and replay URLs with their own query as they were', () => {
    expect(routeHash({ view: 'archive', archive: 'iana', list: { q: 'a&b #c é', sort: 'title', view: 'pages' } })).toBe('#/iana?q=a%26b+%23c+%C3%A9&sort=title')
    expect(routeHash({ view: 'archive', archive: 'iana', list: { q: '', sort: 'url-asc', view: 'pages' } })).toBe('#/iana')
    const searched: AppRoute = { view: 'archive', archive: 'iana', list: { q: 'numbers/ & more', sort: 'captures', view: 'pages' } }
    expect(parseRoute(routeHash(searched))).toEqual(searched)
    expect(parseRoute('#/iana/http://www.iana.org/?q=x')).toEqual({ view: 'replay', archive: 'iana', datetime: '', url: 'http://www.iana.org/?q=x' })
    expect(parseRoute('#/iana/20140126200624/http://www.iana.org/?sort=newest')).toMatchObject({ view: 'replay', url: 'http://www.iana.org/?sort=newest' })
  })
})

describe('a link whose datetime cannot be read', () => {
  it('is an error, not part of the URL', () => {
    expect(parseRoute('#/iana/2014-99-99/http://www.iana.org/')).toEqual({ view: 'bad-datetime', archive: 'iana', datetime: '2014-99-99', url: 'http://www.iana.org/' })
    expect(parseRoute('#/iana/abcd/http://www.iana.org/')).toEqual({ view: 'bad-datetime', archive: 'iana', datetime: 'abcd', url: 'http://www.iana.org/' })
    // digits as the replay routes read them: not whole pairs, or not a real instant
    expect(parseRoute('#/iana/20181/http://www.iana.org/').view).toBe('bad-datetime')
    expect(parseRoute('#/iana/20149999/http://www.iana.org/').view).toBe('bad-datetime')
    expect(parseRoute('#/iana/2014-01-26/https%3A%2F%2Fwww.iana.org%2F').view).toBe('bad-datetime')
    expect(routeHash(parseRoute('#/iana/abcd/http://www.iana.org/'))).toBe('#/iana/abcd/http://www.iana.org/')
  })

  it('leaves URLs that merely start with digits or words alone', () => {
    expect(parseRoute('#/iana/2014/http://www.iana.org/')).toMatchObject({ view: 'replay', datetime: '2014' })
    expect(parseRoute('#/iana/20140126200624id_/http://www.iana.org/')).toMatchObject({ view: 'replay', datetime: '20140126200624' })
    // no absolute URL after it: the segment is the URL's own start
    expect(parseRoute('#/iana/www.iana.org/2014-99-99')).toEqual({ view: 'replay', archive: 'iana', datetime: '', url: 'www.iana.org/2014-99-99' })
    expect(parseRoute('#/iana/example.com:8080/x')).toMatchObject({ view: 'replay', datetime: '', url: 'example.com:8080/x' })
    expect(parseRoute('#/iana/http://www.iana.org/2014-99-99/abcd')).toEqual({ view: 'replay', archive: 'iana', datetime: '', url: 'http://www.iana.org/2014-99-99/abcd' })
  })
})
