import { describe, expect, it } from 'vitest'
import { ingestBytes } from '../archive/archive-test-support.ts'
import { MemoryBlockStore } from '../blocks.ts'
import { ReplayHandler } from '../replay/replay-handler.ts'
import { toBinaryString } from './binary-string.ts'
import { LOCATION_NAME, LOCATION_PRELUDE } from './js-location-rewriter.ts'
import { bodyKind, clientScriptTag, responseRewriter, sniffCharset } from './rewrite-response.ts'
import { UrlRewriter } from './url-rewriter.ts'

const enc = (s: string): Uint8Array => Uint8Array.from([...s].map(c => c.charCodeAt(0)))

/** One WARC of response records with the headers given (bodies are binary strings: one char per byte). */
function warc (captures: Array<{ url: string, headers: string[], body: string, status?: string }>): Uint8Array {
  let out = ''
  for (const [i, c] of captures.entries()) {
    const http = `HTTP/1.1 ${c.status ?? '200 OK'}\r\n${[...c.headers, `Content-Length: ${c.body.length}`].join('\r\n')}\r\n\r\n${c.body}`
    out += `WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}>\r\n` +
      `WARC-Date: 2020-01-01T00:00:00Z\r\nWARC-Target-URI: ${c.url}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: ${http.length}\r\n\r\n${http}\r\n\r\n`
  }
  return enc(out)
}

const PAGE = '<!doctype html><html><head><meta charset="windows-1252"><link rel=stylesheet href="s.css"></head><body>caf\u00e9 \u0093<img src="/i.png"></body></html>'
const FIXTURE = warc([
  {
    url: 'http://site.example/',
    headers: ['Content-Type: text/html', "Content-Security-Policy: default-src 'none'", 'Strict-Transport-Security: max-age=1', 'X-Frame-Options: DENY',
      'Set-Cookie: id=1', 'Link: </s.css>; rel=preload; as=style', 'Content-Location: /index.html'],
    body: PAGE
  },
  { url: 'http://site.example/s.css', headers: ['Content-Type: text/css'], body: '@import "t.css"; body { background: url(/i.png) }' },
  { url: 'http://site.example/m.js', headers: ['Content-Type: text/javascript'], body: 'import x from "/x.js"; fetch("/api")' },
  { url: 'http://site.example/l.js', headers: ['Content-Type: application/javascript'], body: '"use strict"; if (location.hash) window.location.reload()' },
  { url: 'http://site.example/i.png', headers: ['Content-Type: image/png'], body: 'url(/not-css)' },
  { url: 'http://site.example/old', headers: ['Location: /new'], status: '301 Moved', body: '' },
  { url: 'http://site.example/wait', headers: ['Content-Type: text/plain', 'Refresh: 3; url=/later'], body: 'wait' }
])

async function handler (rewrite: boolean): Promise<(path: string) => Promise<Response>> {
  const store = new MemoryBlockStore()
  const { rootCid } = await ingestBytes(store, FIXTURE)
  const h = new ReplayHandler({
    blocks: store,
    locator: { async locate () { return rootCid } },
    decodeContent: true,
    ...(rewrite ? { rewrite: responseRewriter({ clientScript: '/replay-client.js' }) } : {})
  })
  return async (path) => h.handle(new Request(`http://replay.test${path}`), new URL(`http://replay.test${path}`))
}

const P = '/a/20200101000000'

describe('rewriting replayed responses', () => {
  it('rewrites an HTML page, injects the client script, keeps its charset and every other byte', async () => {
    const get = await handler(true)
    const r = await get(`${P}mp_/http://site.example/`)
    const body = toBinaryString(await r.bytes())
    expect(body).toBe(PAGE
      .replace('<head>', `<head><script src="/replay-client.js" data-iparo-archive="a" data-iparo-datetime="20200101000000" data-iparo-url="http://site.example/" data-iparo-prefix="/"></script>`)
      .replace('href="s.css"', `href="${P}cs_/http://site.example/s.css"`)
      .replace('src="/i.png"', `src="${P}im_/http://site.example/i.png"`))
    expect(r.headers.get('content-type')).toBe('text/html; charset=windows-1252')
    expect(r.headers.get('content-length')).toBeNull()
  })

  it('neutralises archived CSP, HSTS, X-Frame-Options and Set-Cookie, kept as X-Archive-Orig-*', async () => {
    const r = await (await handler(true))(`${P}/http://site.example/`)
    for (const name of ['content-security-policy', 'strict-transport-security', 'x-frame-options', 'set-cookie']) {
      expect(r.headers.get(name), name).toBeNull()
      expect(r.headers.get(`x-archive-orig-${name}`), name).not.toBeNull()
    }
  })

  it('points archived Link and Content-Location into the archive', async () => {
    const r = await (await handler(true))(`${P}/http://site.example/`)
    expect(r.headers.get('link')).toContain(`<${P}cs_/http://site.example/s.css>; rel=preload; as=style`)
    expect(r.headers.get('link')).toContain('rel="original"')
    expect(r.headers.get('content-location')).toBe(`${P}/http://site.example/index.html`)
    expect(r.headers.get('x-archive-orig-link')).toBe('</s.css>; rel=preload; as=style')
  })

  it('keeps redirects and refreshes in the archive', async () => {
    const r = await (await handler(true))(`${P}mp_/http://site.example/old`)
    expect(r.status).toBe(301)
    expect(r.headers.get('location')).toBe(`http://replay.test${P}mp_/http://site.example/new`)
    const wait = await (await handler(true))(`${P}/http://site.example/wait`)
    expect(wait.headers.get('refresh')).toBe(`3; url=${P}mp_/http://site.example/later`)
    expect(wait.headers.get('x-archive-orig-refresh')).toBe('3; url=/later')
  })

  it('rewrites CSS as cs_ and module imports as js_; leaves images alone', async () => {
    const get = await handler(true)
    expect(await (await get(`${P}cs_/http://site.example/s.css`)).text()).toBe(`@import "${P}cs_/http://site.example/t.css"; body { background: url(${P}im_/http://site.example/i.png) }`)
    expect(await (await get(`${P}js_/http://site.example/m.js`)).text()).toBe(`import x from "${P}js_/http://site.example/x.js"; fetch("/api")`)
    expect(await (await get(`${P}im_/http://site.example/i.png`)).text()).toBe('url(/not-css)')
  })

  it('rewrites location in script files, with the fallback prelude after "use strict"', async () => {
    const get = await handler(true)
    expect(await (await get(`${P}js_/http://site.example/l.js`)).text())
      .toBe(`"use strict";${LOCATION_PRELUDE} if (${LOCATION_NAME}.hash) window.${LOCATION_NAME}.reload()`)
    expect(await (await get(`${P}id_/http://site.example/l.js`)).text()).toBe('"use strict"; if (location.hash) window.location.reload()')
  })

  it('never rewrites id_, and the node (no rewrite option) serves archived bytes', async () => {
    const original = toBinaryString(await (await (await handler(true))(`${P}id_/http://site.example/`)).bytes())
    expect(original).toBe(PAGE)
    expect(toBinaryString(await (await (await handler(false))(`${P}/http://site.example/`)).bytes())).toBe(PAGE)
  })
})

describe('what is rewritten, and how', () => {
  it.each([
    ['text/html; charset=utf-8', 'mp_', 'html'], ['text/html', '', 'html'], ['application/xhtml+xml', 'if_', 'html'],
    ['text/css', 'mp_', 'css'], ['text/javascript', '', 'js'], ['application/x-javascript', 'js_', 'js'],
    ['text/html', 'js_', undefined], ['', 'js_', 'js'], ['text/plain', 'cs_', 'css'], ['text/html', 'cs_', undefined],
    ['image/png', 'mp_', undefined], ['text/css', 'im_', undefined], ['text/html', 'oe_', undefined], ['application/json', '', undefined]
  ] as const)('%s as %s → %s', (type, modifier, kind) => {
    expect(bodyKind(type, modifier)).toBe(kind)
  })

  it('finds the charset a page declares in its first bytes', () => {
    expect(sniffCharset(enc('<html><head><meta charset="Shift_JIS">'))).toBe('shift_jis')
    expect(sniffCharset(enc('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'))).toBe('iso-8859-1')
    expect(sniffCharset(Uint8Array.from([0xef, 0xbb, 0xbf, 0x3c]))).toBe('utf-8')
    expect(sniffCharset(Uint8Array.from([0xff, 0xfe, 0x3c, 0]))).toBe('utf-16')
    expect(sniffCharset(enc('<p>no charset</p>'))).toBeUndefined()
  })

  it('writes the client script tag in ASCII whatever the page URL holds', () => {
    const tag = clientScriptTag('/replay-client.js', new UrlRewriter({ archive: 'a', digits: '2020', modifier: '', url: 'http://x.org/caf\u00e9?a="b"&c' }))
    expect(tag).toContain('data-iparo-url="http://x.org/caf&#233;?a=&quot;b&quot;&amp;c"')
    expect(/^[\x20-\x7e]*$/.test(tag)).toBe(true)
  })
})
