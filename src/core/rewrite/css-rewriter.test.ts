import { describe, expect, it } from 'vitest'
import { rewriteCss } from './css-rewriter.ts'
import { UrlRewriter } from './url-rewriter.ts'

const urls = new UrlRewriter({ archive: 'a', digits: '2020', modifier: 'cs_', url: 'http://example.com/css/site.css' })
const P = '/a/2020'

const CASES: Array<[string, string, string]> = [
  ['bare url()', 'a{background:url(i.png)}', `a{background:url(${P}im_/http://example.com/css/i.png)}`],
  ['double-quoted url()', 'a{background:url("/i.png")}', `a{background:url("${P}im_/http://example.com/i.png")}`],
  ['single-quoted url() with a parenthesis', "a{background:url('/i(1).png')}", `a{background:url('${P}im_/http://example.com/i(1).png')}`],
  ['spaces inside url()', 'a{background:url( ../i.png )}', `a{background:url( ${P}im_/http://example.com/i.png )}`],
  ['upper-case URL()', 'a{background:URL(/i.png)}', `a{background:URL(${P}im_/http://example.com/i.png)}`],
  ['font src list', '@font-face{src:url(/f.woff2) format("woff2"),url(//cdn.org/f.woff)}', `@font-face{src:url(${P}im_/http://example.com/f.woff2) format("woff2"),url(${P}im_/http://cdn.org/f.woff)}`],
  ['@import string', '@import "base.css";', `@import "${P}cs_/http://example.com/css/base.css";`],
  ['@import url()', "@import url('/t.css') screen;", `@import url('${P}cs_/http://example.com/t.css') screen;`],
  ['data: URI kept', 'a{background:url(data:image/png;base64,AAA=)}', 'a{background:url(data:image/png;base64,AAA=)}'],
  ['fragment kept (SVG filters)', 'a{filter:url(#f)}', 'a{filter:url(#f)}'],
  ['escaped parenthesis in a bare url()', 'a{background:url(/a\\(b\\).png)}', `a{background:url(${P}im_/http://example.com/a\\(b\\).png)}`],
  ['no URLs: unchanged', 'a{color:red}', 'a{color:red}']
]

describe('the CSS rewriter', () => {
  it.each(CASES)('%s', (_name, input, output) => {
    expect(rewriteCss(input, urls)).toBe(output)
  })
})

describe('the URL rewriter', () => {
  it('finds the archived URL behind a URI-M of its archive, and only of its archive', () => {
    expect(urls.original('/a/2019mp_/http://x.org/?q')).toBe('http://x.org/?q')
    expect(urls.original('/b/2019/http://x.org/')).toBeUndefined()
  })

  it('keeps a bad base usable and unparseable URLs as written', () => {
    const bad = new UrlRewriter({ archive: 'a', digits: '2020', modifier: '', url: 'not a url' })
    expect(bad.rewrite('http://x.org/', 'mp_')).toBe(`${P}mp_/http://x.org/`)
    expect(urls.rewrite('http://[bad', 'mp_')).toBe(`${P}mp_/http://[bad`)
    expect(urls.rewrite('/ok', 'mp_')).toBe(`${P}mp_/http://example.com/ok`)
  })
})
