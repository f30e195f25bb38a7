import { describe, expect, it } from 'vitest'
import { PAGE_KINDS } from '../core/replay/page-kind.ts'
import { DEFAULT_LIST, listedType, listQuery, parseListQuery, sameList, SORTS } from './list-address.ts'

describe('the archive list in the address', () => {
  it('writes nothing for the default list, and only what differs from it', () => {
    expect(listQuery(DEFAULT_LIST)).toBe('')
    expect(listQuery({ q: '  ', sort: 'url-asc', view: 'pages' })).toBe('')
    expect(listQuery({ q: 'annual report', sort: 'url-asc', view: 'pages' })).toBe('?q=annual+report')
    expect(listQuery({ q: '', sort: 'newest', view: 'pages' })).toBe('?sort=newest')
    expect(listQuery({ q: ' iana ', sort: 'title', view: 'pages' })).toBe('?q=iana&sort=title')
  })

  it('escapes what would end or split the value', () => {
    expect(listQuery({ q: 'a&b=c #d+e%f/g?', sort: 'url-asc', view: 'pages' })).toBe('?q=a%26b%3Dc+%23d%2Be%25f%2Fg%3F')
    expect(listQuery({ q: 'café 東京', sort: 'url-asc', view: 'pages' })).toBe('?q=caf%C3%A9+%E6%9D%B1%E4%BA%AC')
  })

  it('reads what it writes, for every order and awkward words', () => {
    for (const sort of SORTS) {
      for (const q of ['', 'annual report', 'example.com/blog?x=1&y=2#top', 'café 東京', '100% + 50%', '"quoted phrase"']) {
        expect(parseListQuery(listQuery({ q, sort, view: 'pages' }).slice(1))).toEqual({ q, sort, view: 'pages' })
      }
    }
  })

  it('reads hand-written queries as browsers and people write them', () => {
    expect(parseListQuery('q=annual%20report&sort=oldest')).toEqual({ q: 'annual report', sort: 'oldest', view: 'pages' })
    expect(parseListQuery('sort=captures&q=caf\u00e9')).toEqual({ q: 'café', sort: 'captures', view: 'pages' })
    expect(parseListQuery('q=a&q=b')).toEqual({ q: 'a', sort: 'url-asc', view: 'pages' })
  })

  it('ignores what it does not know, keeping the defaults', () => {
    expect(parseListQuery('')).toEqual(DEFAULT_LIST)
    expect(parseListQuery('sort=sideways&colour=red')).toEqual(DEFAULT_LIST)
    expect(parseListQuery('sort=NEWEST')).toEqual(DEFAULT_LIST)
    expect(parseListQuery('sort=site-desc')).toEqual(DEFAULT_LIST)
    expect(parseListQuery('q=%E0%A4%A&sort=title&&=&%%')).toEqual({ q: '\ufffd%A', sort: 'title', view: 'pages' })
    expect(parseListQuery('q')).toEqual(DEFAULT_LIST)
  })

  it('compares lists as the view shows them', () => {
    expect(sameList({ q: 'a ', sort: 'host', view: 'pages' }, { q: 'a', sort: 'host', view: 'pages' })).toBe(true)
    expect(sameList({ q: 'a', sort: 'host', view: 'pages' }, { q: 'a', sort: 'title', view: 'pages' })).toBe(false)
    expect(sameList({ q: 'a', sort: 'host', view: 'pages' }, { q: 'b', sort: 'host', view: 'pages' })).toBe(false)
  })

  it('keeps the view and the type in the address, the pages view being the default', () => {
    expect(listQuery({ q: '', sort: 'url-asc', view: 'all' })).toBe('?view=all')
    expect(listQuery({ q: 'iana', sort: 'newest', view: 'all', type: 'font' })).toBe('?q=iana&sort=newest&view=all&type=font')
    // a type narrows all URLs: the pages view has none to write
    expect(listQuery({ q: '', sort: 'url-asc', view: 'pages', type: 'font' })).toBe('')
    for (const type of [undefined, ...PAGE_KINDS]) {
      const list = { q: 'x', sort: 'title' as const, view: 'all' as const, ...(type != null ? { type } : {}) }
      expect(parseListQuery(listQuery(list).slice(1))).toEqual(list)
    }
    expect(parseListQuery('type=font')).toEqual(DEFAULT_LIST)
    expect(parseListQuery('view=all&type=fonts')).toEqual({ q: '', sort: 'url-asc', view: 'all' })
    expect(parseListQuery('view=ALL')).toEqual(DEFAULT_LIST)
    expect(sameList({ q: '', sort: 'url-asc', view: 'all', type: 'font' }, { q: '', sort: 'url-asc', view: 'all' })).toBe(false)
    expect(sameList({ q: '', sort: 'url-asc', view: 'pages' }, { q: '', sort: 'url-asc', view: 'all' })).toBe(false)
    expect(listedType(DEFAULT_LIST)).toBe('page')
    expect(listedType({ q: '', sort: 'url-asc', view: 'all' })).toBeUndefined()
    expect(listedType({ q: '', sort: 'url-asc', view: 'all', type: 'image' })).toBe('image')
  })
})
