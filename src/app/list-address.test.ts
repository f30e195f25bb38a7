import { describe, expect, it } from 'vitest'
import { DEFAULT_LIST, listQuery, parseListQuery, sameList, SORTS } from './list-address.ts'

describe('the archive list in the address', () => {
  it('writes nothing for the default list, and only what differs from it', () => {
    expect(listQuery(DEFAULT_LIST)).toBe('')
    expect(listQuery({ q: '  ', sort: 'url-asc' })).toBe('')
    expect(listQuery({ q: 'annual report', sort: 'url-asc' })).toBe('?q=annual+report')
    expect(listQuery({ q: '', sort: 'newest' })).toBe('?sort=newest')
    expect(listQuery({ q: ' iana ', sort: 'title' })).toBe('?q=iana&sort=title')
  })

  it('escapes what would end or split the value', () => {
    expect(listQuery({ q: 'a&b=c #d+e%f/g?', sort: 'url-asc' })).toBe('?q=a%26b%3Dc+%23d%2Be%25f%2Fg%3F')
    expect(listQuery({ q: 'café 東京', sort: 'url-asc' })).toBe('?q=caf%C3%A9+%E6%9D%B1%E4%BA%AC')
  })

  it('reads what it writes, for every order and awkward words', () => {
    for (const sort of SORTS) {
      for (const q of ['', 'annual report', 'example.com/blog?x=1&y=2#top', 'café 東京', '100% + 50%', '"quoted phrase"']) {
        expect(parseListQuery(listQuery({ q, sort }).slice(1))).toEqual({ q, sort })
      }
    }
  })

  it('reads hand-written queries as browsers and people write them', () => {
    expect(parseListQuery('q=annual%20report&sort=oldest')).toEqual({ q: 'annual report', sort: 'oldest' })
    expect(parseListQuery('sort=captures&q=caf\u00e9')).toEqual({ q: 'café', sort: 'captures' })
    expect(parseListQuery('q=a&q=b')).toEqual({ q: 'a', sort: 'url-asc' })
  })

  it('ignores what it does not know, keeping the defaults', () => {
    expect(parseListQuery('')).toEqual(DEFAULT_LIST)
    expect(parseListQuery('sort=sideways&colour=red')).toEqual(DEFAULT_LIST)
    expect(parseListQuery('sort=NEWEST')).toEqual(DEFAULT_LIST)
    expect(parseListQuery('sort=site-desc')).toEqual(DEFAULT_LIST)
    expect(parseListQuery('q=%E0%A4%A&sort=title&&=&%%')).toEqual({ q: '\ufffd%A', sort: 'title' })
    expect(parseListQuery('q')).toEqual(DEFAULT_LIST)
  })

  it('compares lists as the view shows them', () => {
    expect(sameList({ q: 'a ', sort: 'host' }, { q: 'a', sort: 'host' })).toBe(true)
    expect(sameList({ q: 'a', sort: 'host' }, { q: 'a', sort: 'title' })).toBe(false)
    expect(sameList({ q: 'a', sort: 'host' }, { q: 'b', sort: 'host' })).toBe(false)
  })
})
