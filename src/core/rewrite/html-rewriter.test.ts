import { describe, expect, it } from 'vitest'
import { fromBinaryString, toBinaryString } from './binary-string.ts'
import { HtmlRewriter, htmlRewriteStream, rewriteHtml } from './html-rewriter.ts'
import { LOCATION_NAME as L } from './js-location-rewriter.ts'
import { UrlRewriter } from './url-rewriter.ts'

const PAGE = 'http://example.com/dir/page.html'
const urls = (): UrlRewriter => new UrlRewriter({ archive: 'a', digits: '20200101000000', modifier: 'mp_', url: PAGE }, { binary: true })
const P = '/a/20200101000000'
const html = (input: string, inject?: string): string => rewriteHtml(input, { urls: urls(), ...(inject != null ? { inject } : {}) })

/** input → output, one HTML fragment each (the client script is left out here; see the injection cases). */
const CASES: Array<[string, string, string]> = [
  ['absolute link', '<a href="http://other.org/x?y=1">', `<a href="${P}mp_/http://other.org/x?y=1">`],
  ['https link', '<a href="https://other.org/">', `<a href="${P}mp_/https://other.org/">`],
  ['scheme-relative link', '<a href="//cdn.org/a">', `<a href="${P}mp_/http://cdn.org/a">`],
  ['root-relative link', '<a href="/top">', `<a href="${P}mp_/http://example.com/top">`],
  ['relative link', '<a href="next.html">', `<a href="${P}mp_/http://example.com/dir/next.html">`],
  ['dot-dot link', '<a href="../up/">', `<a href="${P}mp_/http://example.com/up/">`],
  ['fragment kept', '<a href="#top">', '<a href="#top">'],
  ['javascript: kept', '<a href="javascript:void(0)">', '<a href="javascript:void(0)">'],
  ['mailto: kept', '<a href="mailto:x@y.org">', '<a href="mailto:x@y.org">'],
  ['data: kept', '<img src="data:image/png;base64,AAAA">', '<img src="data:image/png;base64,AAAA">'],
  ['blob: kept', '<img src="blob:http://x/1">', '<img src="blob:http://x/1">'],
  ['empty href kept', '<a href="">', '<a href="">'],
  ['already rewritten kept', `<a href="${P}mp_/http://x.org/">`, `<a href="${P}mp_/http://x.org/">`],
  ['single-quoted', "<a href='/x'>", `<a href='${P}mp_/http://example.com/x'>`],
  ['unquoted gets quotes', '<a href=/x>', `<a href="${P}mp_/http://example.com/x">`],
  ['uppercase tag and attribute', '<A HREF="/x">', `<A HREF="${P}mp_/http://example.com/x">`],
  ['spaces around =', '<a href = "/x">', `<a href = "${P}mp_/http://example.com/x">`],
  ['whitespace around the URL', '<a href=" /x ">', `<a href="${P}mp_/http://example.com/x">`],
  ['entity-encoded ampersand kept as written', '<a href="http://o.org/?a=1&amp;b=2">', `<a href="${P}mp_/http://o.org/?a=1&amp;b=2">`],
  ['numeric entity in scheme', '<a href="&#104;ttp://o.org/">', `<a href="${P}mp_/&#104;ttp://o.org/">`],
  ['hex-encoded slashes in a relative URL', '<a href="&#x2F;p&#x2F;q">', `<a href="${P}mp_/http://example.com/p/q">`],
  ['img src as im_', '<img src="/i.png">', `<img src="${P}im_/http://example.com/i.png">`],
  ['script src as js_', '<script src="/s.js"></script>', `<script src="${P}js_/http://example.com/s.js"></script>`],
  ['stylesheet as cs_', '<link rel="stylesheet" href="s.css">', `<link rel="stylesheet" href="${P}cs_/http://example.com/dir/s.css">`],
  ['icon as im_', '<link rel="shortcut icon" href="/f.ico">', `<link rel="shortcut icon" href="${P}im_/http://example.com/f.ico">`],
  ['modulepreload as js_', '<link rel=modulepreload href="/m.js">', `<link rel=modulepreload href="${P}js_/http://example.com/m.js">`],
  ['preload as=style as cs_', '<link rel=preload as=style href="/p.css">', `<link rel=preload as=style href="${P}cs_/http://example.com/p.css">`],
  ['alternate link as mp_', '<link rel="alternate" href="/feed">', `<link rel="alternate" href="${P}mp_/http://example.com/feed">`],
  ['iframe as if_', '<iframe src="/f.html"></iframe>', `<iframe src="${P}if_/http://example.com/f.html"></iframe>`],
  ['frame as if_', '<frame src="f.html">', `<frame src="${P}if_/http://example.com/dir/f.html">`],
  ['form action', '<form action="/post">', `<form action="${P}mp_/http://example.com/post">`],
  ['button formaction', '<button formaction="/go">', `<button formaction="${P}mp_/http://example.com/go">`],
  ['video poster and src', '<video src="/v.mp4" poster="/p.jpg">', `<video src="${P}oe_/http://example.com/v.mp4" poster="${P}im_/http://example.com/p.jpg">`],
  ['audio src', '<audio src="a.mp3">', `<audio src="${P}oe_/http://example.com/dir/a.mp3">`],
  ['source src and srcset', '<source src="/v.webm"><source srcset="/a.webp">', `<source src="${P}oe_/http://example.com/v.webm"><source srcset="${P}im_/http://example.com/a.webp">`],
  ['object data', '<object data="/o.swf">', `<object data="${P}oe_/http://example.com/o.swf">`],
  ['embed src', '<embed src="/e.swf">', `<embed src="${P}oe_/http://example.com/e.swf">`],
  ['body background', '<body background="/bg.gif">', `<body background="${P}im_/http://example.com/bg.gif">`],
  ['td background', '<td background="bg.gif">', `<td background="${P}im_/http://example.com/dir/bg.gif">`],
  ['input type=image', '<input type="image" src="/b.png">', `<input type="image" src="${P}im_/http://example.com/b.png">`],
  ['blockquote cite', '<blockquote cite="/src">', `<blockquote cite="${P}mp_/http://example.com/src">`],
  ['svg image xlink:href', '<image xlink:href="/i.svg">', `<image xlink:href="${P}im_/http://example.com/i.svg">`],
  ['svg use fragment kept', '<use href="#icon">', '<use href="#icon">'],
  ['srcset with descriptors', '<img srcset="/a.png 1x, /b.png 2x">', `<img srcset="${P}im_/http://example.com/a.png 1x, ${P}im_/http://example.com/b.png 2x">`],
  ['srcset with commas inside URLs', '<img srcset="/img,w_100.png 100w,/img,w_200.png 200w">', `<img srcset="${P}im_/http://example.com/img,w_100.png 100w,${P}im_/http://example.com/img,w_200.png 200w">`],
  ['srcset without descriptors', '<img srcset="a.png, b.png 2x">', `<img srcset="${P}im_/http://example.com/dir/a.png, ${P}im_/http://example.com/dir/b.png 2x">`],
  ['a srcset URL runs to whitespace, commas included', '<img srcset="a.png,b.png 2x">', `<img srcset="${P}im_/http://example.com/dir/a.png,b.png 2x">`],
  ['link imagesrcset', '<link rel=preload as=image imagesrcset="/a.png 1x">', `<link rel=preload as=image imagesrcset="${P}im_/http://example.com/a.png 1x">`],
  ['style attribute url()', '<div style="background: url(/bg.png)">', `<div style="background: url(${P}im_/http://example.com/bg.png)">`],
  ['style attribute with entity quotes', '<div style="background:url(&quot;/q.png&quot;)">', `<div style="background:url(&quot;${P}im_/http://example.com/q.png&quot;)">`],
  ['<style> url() and @import', '<style>@import "/i.css"; p { background: url(\'b.png\') }</style>', `<style>@import "${P}cs_/http://example.com/i.css"; p { background: url('${P}im_/http://example.com/dir/b.png') }</style>`],
  ['<style> @import url()', '<style>@import url(/i.css);</style>', `<style>@import url(${P}cs_/http://example.com/i.css);</style>`],
  ['base href resolves later URLs and is rewritten', '<base href="http://base.org/b/"><a href="x">', `<base href="${P}mp_/http://base.org/b/"><a href="${P}mp_/http://base.org/b/x">`],
  ['only the first base counts', '<base href="/one/"><base href="/two/"><img src="i.png">', `<base href="${P}mp_/http://example.com/one/"><base href="${P}mp_/http://example.com/two/"><img src="${P}im_/http://example.com/one/i.png">`],
  ['relative base href', '<base href="/sub/"><img src="i.png">', `<base href="${P}mp_/http://example.com/sub/"><img src="${P}im_/http://example.com/sub/i.png">`],
  ['meta refresh', '<meta http-equiv="refresh" content="5; url=/next">', `<meta http-equiv="refresh" content="5; url=${P}mp_/http://example.com/next">`],
  ['meta refresh quoted URL', `<meta http-equiv="Refresh" content="0;URL='http://o.org/'">`, `<meta http-equiv="Refresh" content="0;URL='${P}mp_/http://o.org/'">`],
  ['meta refresh without URL kept', '<meta http-equiv="refresh" content="30">', '<meta http-equiv="refresh" content="30">'],
  ['meta CSP disabled', `<meta http-equiv="Content-Security-Policy" content="default-src 'none'">`, `<meta http-equiv="data-archive-orig-content-security-policy" content="default-src 'none'">`],
  ['meta set-cookie disabled', '<meta http-equiv="set-cookie" content="a=b">', '<meta http-equiv="data-archive-orig-set-cookie" content="a=b">'],
  ['integrity disabled', '<script src="/s.js" integrity="sha384-x" crossorigin></script>', `<script src="${P}js_/http://example.com/s.js" data-archive-orig-integrity="sha384-x" crossorigin></script>`],
  ['ping disabled', '<a href="#" ping="http://t.org/p">', '<a href="#" data-archive-orig-ping="http://t.org/p">'],
  ['target=_blank kept in the frame', '<a href="#" target="_blank">', '<a href="#" target="_self">'],
  ['target=_top kept in the frame', '<form target="_TOP">', '<form target="_self">'],
  ['target=_parent on base', '<base target="_parent">', '<base target="_self">'],
  ['named target kept', '<a target="side">', '<a target="side">'],
  ['comment left alone', '<!-- <a href="/x"> -->', '<!-- <a href="/x"> -->'],
  ['doctype left alone', '<!DOCTYPE html>', '<!DOCTYPE html>'],
  ['script text not parsed as tags', '<script>var s = "<img src=/x>";</script>', '<script>var s = "<img src=/x>";</script>'],
  ['script with a fake end tag prefix', '<script>a = "</scripty>"</script><img src="/i">', `<script>a = "</scripty>"</script><img src="${P}im_/http://example.com/i">`],
  ['textarea text not rewritten', '<textarea><a href="/x"></textarea>', '<textarea><a href="/x"></textarea>'],
  ['title text not rewritten', '<title><img src=/x></title>', '<title><img src=/x></title>'],
  ['module script imports', '<script type="module">import a from "/m.js"; import "./n.js"; import b from "lib"; import("https://o.org/d.js")</script>',
    `<script type="module">import a from "${P}js_/http://example.com/m.js"; import "${P}js_/http://example.com/dir/n.js"; import b from "lib"; import("${P}js_/https://o.org/d.js")</script>`],
  ['module re-export', '<script type=module>export { x } from "/x.js"</script>', `<script type=module>export { x } from "${P}js_/http://example.com/x.js"</script>`],
  ['import map', '<script type="importmap">{"imports":{"lib":"/lib.js","https://o.org/":"/o/"}}</script>',
    `<script type="importmap">{"imports":{"lib":"${P}js_/http://example.com/lib.js","${P}js_/https://o.org/":"${P}js_/http://example.com/o/"}}</script>`],
  ['iframe srcdoc rewritten as HTML', '<iframe srcdoc="&lt;img src=&quot;/i.png&quot;&gt;"></iframe>', `<iframe srcdoc="<img src=&quot;${P}im_/http://example.com/i.png&quot;>"></iframe>`],
  ['a base inside srcdoc stays inside it', '<iframe srcdoc="<base href=/in/>"></iframe><img src="i.png">', `<iframe srcdoc="<base href=&quot;${P}mp_/http://example.com/in/&quot;>"></iframe><img src="${P}im_/http://example.com/dir/i.png">`],
  ['attribute without value', '<input disabled src="/x.png">', `<input disabled src="${P}im_/http://example.com/x.png">`],
  ['a stray < in text', 'a < b <a href="/x">', `a < b <a href="${P}mp_/http://example.com/x">`],
  ['ws: URL kept', '<a href="ws://o.org/">', '<a href="ws://o.org/">'],
  ['non-ASCII bytes in an absolute URL kept exactly', '<a href="http://o.org/\u00e9">', `<a href="${P}mp_/http://o.org/\u00e9">`],
  ['non-ASCII bytes in a relative URL escaped as sent', '<a href="caf\u00c3\u00a9">', `<a href="${P}mp_/http://example.com/dir/caf%C3%A9">`],
  ['quote inside a rewritten URL escaped', `<a href='/it&#39;s'>`, `<a href='${P}mp_/http://example.com/it&#39;s'>`],
  ['self-closing void tag', '<img src="/i.png"/>', `<img src="${P}im_/http://example.com/i.png"/>`],
  ['unknown attribute left alone', '<div data-url="/x">', '<div data-url="/x">'],
  ['inline script location', '<script>location.href = "/a"; var s = "location"</script>', `<script>${L}.href = "/a"; var s = "location"</script>`],
  ['inline script typed as JavaScript', '<script type="text/javascript">window.location.reload()</script>', `<script type="text/javascript">window.${L}.reload()</script>`],
  ['module script location and imports', '<script type=module>import "/m.js"; location.hash</script>', `<script type=module>import "${P}js_/http://example.com/m.js"; ${L}.hash</script>`],
  ['JSON-LD script left alone', '<script type="application/ld+json">{"location": location}</script>', '<script type="application/ld+json">{"location": location}</script>'],
  ['template script left alone', '<script type="text/x-template"><a :href="location.href"></script>', '<script type="text/x-template"><a :href="location.href"></script>'],
  ['event handler attribute', `<a href="#" onclick="location.href='/b';return false">`, `<a href="#" onclick="${L}.href='/b';return false">`],
  ['event handler attribute with entities', '<button onclick="window.location=&quot;/c&quot;">', `<button onclick="window.${L}=&quot;/c&quot;">`]
]

describe('the HTML rewriter', () => {
  it.each(CASES)('%s', (_name, input, output) => {
    expect(html(input)).toBe(output)
  })

  it('has at least 60 fixture cases', () => { expect(CASES.length).toBeGreaterThanOrEqual(60) })

  it('puts the injected markup at the top of <head>', () => {
    expect(html('<!doctype html><html><head><title>t</title></head>', '<X>')).toBe('<!doctype html><html><head><X><title>t</title></head>')
    expect(html('<html lang=en><body>b</body>', '<X>')).toBe('<html lang=en><X><body>b</body>')
    expect(html('<!-- c --><p>x', '<X>')).toBe('<!-- c --><X><p>x')
    expect(html('just text', '<X>')).toBe('just text<X>')
  })

  it('gives the same output whatever the chunk boundaries', () => {
    const input = '<!doctype html><html><head><style>a{background:url(/bg.png)}</style><script>if (a < b) x = "</div>"; location.hash = x</script><!-- <img src=/no> --></head>' +
      '<body><a href="/x" target=_blank>x</a><img srcset="/a,b.png 1x, /c.png 2x"><script type=module>import "/m.js"</script><p>text &amp; more</p></body></html>'
    const whole = html(input, '<X>')
    for (let size = 1; size < 12; size++) {
      let out = ''
      const r = new HtmlRewriter({ urls: urls(), inject: '<X>' })
      for (let i = 0; i < input.length; i += size) out += r.write(input.slice(i, i + size))
      out += r.end()
      expect(out, `chunks of ${size}`).toBe(whole)
    }
  })
})

describe('the HTML rewriter over bytes', () => {
  it('keeps every byte of a windows-1252 page outside the URLs it rewrites', async () => {
    // 0x80–0x9F are where windows-1252 and latin1 differ; 0xE9 is é
    const bytes = Uint8Array.from([...'<p>caf', 0xe9, 0x80, 0x9f, ...' <a href="/r', 0xe9, 's">', 0x93, 'x', 0x94].map(c => typeof c === 'string' ? [...c].map(x => x.charCodeAt(0)) : [c]).flat())
    const out = await new Response(new Blob([bytes]).stream().pipeThrough(htmlRewriteStream({ urls: urls() }))).bytes()
    expect(toBinaryString(out)).toBe(`<p>caf\u00e9\u0080\u009f <a href="${P}mp_/http://example.com/r%E9s">\u0093x\u0094`)
  })

  it('streams: output comes out before the input ends, in bounded memory', async () => {
    const { readable, writable } = htmlRewriteStream({ urls: urls(), inject: '<X>' })
    const writer = writable.getWriter()
    const reader = readable.getReader()
    void writer.write(fromBinaryString('<html><head><title>big</title></head><body>'))
    const first = await reader.read()
    expect(toBinaryString(first.value ?? new Uint8Array(0))).toContain('<X>')
    // a megabyte of paragraphs, one chunk at a time: each comes back before the next goes in
    const chunk = fromBinaryString('<p><a href="/x">x</a> text</p>'.repeat(1000))
    for (let i = 0; i < 32; i++) {
      void writer.write(chunk)
      const r = await reader.read()
      expect(toBinaryString(r.value ?? new Uint8Array(0))).toContain(`${P}mp_/http://example.com/x`)
    }
    void writer.close()
    expect((await reader.read()).done).toBe(true)
  })
})

describe('the HTML rewriter on malformed input', () => {
  it('never throws, and passes through input without tags unchanged, for arbitrary bytes in arbitrary chunks', () => {
    let seed = 7
    const random = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
    const alphabet = ['<', '>', '"', "'", '=', '/', '!', '-', ' ', 'a', 'href', 'src', 'script', 'style', '</', '<!--', '-->', '&amp;', '\u00e9', 'url(', ')', '\n']
    for (let n = 0; n < 200; n++) {
      let input = ''
      while (input.length < 300) input += alphabet[Math.floor(random() * alphabet.length)] ?? ''
      const r = new HtmlRewriter({ urls: urls(), inject: '<X>' })
      let out = ''
      for (let i = 0; i < input.length;) { const size = 1 + Math.floor(random() * 40); out += r.write(input.slice(i, i + size)); i += size }
      out += r.end()
      expect(out.length).toBeGreaterThan(0)
      const plain = input.replace(/</g, '')
      expect(html(plain)).toBe(plain)
    }
  })

  it('sends an inline classic script larger than the bound as it came, streaming', () => {
    const r = new HtmlRewriter({ urls: urls(), maxInlineScript: 64 })
    let out = r.write('<script>location.reload();')
    expect(out).toBe('<script>') // held: it may still be short enough to rewrite
    out += r.write(' '.repeat(100))
    expect(out).toBe(`<script>location.reload();${' '.repeat(92)}`) // over the bound: sent as archived (bar a possible end tag)
    out += r.write('location.hash</script><script>location.hash</script>') + r.end()
    expect(out).toBe(`<script>location.reload();${' '.repeat(100)}location.hash</script><script>${L}.hash</script>`)
  })

  it('sends an unfinished tag at the end as it came', () => {
    expect(html('<p>a</p><a href="/x')).toBe('<p>a</p><a href="/x')
    expect(html('<!-- never closed <a href=/x>')).toBe('<!-- never closed <a href=/x>')
    expect(html('<script>never closed <a href=/x>')).toBe('<script>never closed <a href=/x>')
  })
})
