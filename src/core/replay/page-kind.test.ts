import { describe, expect, it } from 'vitest'
import { kindOfUrl, pageKind } from './page-kind.ts'

describe('pageKind', () => {
  it('tells kinds from the newest capture\'s media type', () => {
    const of = (mime: string, status = 200): string => pageKind({ url: 'http://example.com/x', mime, status }).kind
    expect(of('text/html')).toBe('page')
    expect(of('application/xhtml+xml')).toBe('page')
    expect(of('text/css')).toBe('stylesheet')
    expect(of('application/x-javascript')).toBe('script')
    expect(of('text/javascript')).toBe('script')
    expect(of('font/woff2')).toBe('font')
    expect(of('application/font-woff')).toBe('font')
    expect(of('image/svg+xml')).toBe('image')
    expect(of('video/webm')).toBe('media')
    expect(of('audio/mpeg')).toBe('media')
    expect(of('application/pdf')).toBe('other')
  })

  it('takes only HTML answered 200 as a page: redirects and errors are other', () => {
    expect(pageKind({ url: 'http://example.com/a', mime: 'text/html', status: 301 })).toEqual({ kind: 'other', from: 'capture' })
    expect(pageKind({ url: 'http://example.com/a', mime: 'text/html', status: 404 }).kind).toBe('other')
    // a resource record has no HTTP status: its type alone decides
    expect(pageKind({ url: 'http://example.com/a', mime: 'text/html' }).kind).toBe('page')
    // a page a crawl listed stays one, whatever it answered
    expect(pageKind({ url: 'http://example.com/a', mime: 'text/html', status: 302, page: true }).kind).toBe('page')
  })

  it('falls back on the URL for generic types (fonts served as octet-stream) and entries without a type', () => {
    expect(pageKind({ url: 'http://www.iana.org/_css/2013.1/fonts/OpenSans-Bold.ttf', mime: 'application/octet-stream', status: 200 })).toEqual({ kind: 'font', from: 'url' })
    expect(pageKind({ url: 'http://www.iana.org/_img/bookmark_icon.ico', mime: 'application/octet-stream', status: 200 }).kind).toBe('image')
    expect(pageKind({ url: 'http://example.com/site.css' })).toEqual({ kind: 'stylesheet', from: 'url' })
    expect(pageKind({ url: 'http://example.com/about' })).toEqual({ kind: 'page', from: 'url' })
    // a URL that looks like a page but answered a redirect is not listed among pages
    expect(pageKind({ url: 'http://example.com/about', status: 302 }).kind).toBe('other')
  })

  it('reads extensions from the path only, case-insensitively', () => {
    expect(kindOfUrl('http://example.com/')).toBe('page')
    expect(kindOfUrl('http://example.com/index.PHP?x=a.css')).toBe('page')
    expect(kindOfUrl('http://example.com/app.js?v=1.2')).toBe('script')
    expect(kindOfUrl('http://example.com/f/a.woff2#x')).toBe('font')
    expect(kindOfUrl('http://example.com/clip.MP4')).toBe('media')
    expect(kindOfUrl('http://example.com/data.zip')).toBe('other')
    expect(kindOfUrl('http://example.com/.hidden')).toBe('page')
    expect(kindOfUrl('not a url/x.png')).toBe('image')
  })
})
