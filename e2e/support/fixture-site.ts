import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** The host name the fixture site is archived under (the recording proxy sends it to 127.0.0.1). */
export const FIXTURE_HOST = 'fixture.test'
export const FIXTURE_ORIGIN = `http://${FIXTURE_HOST}`

/**
 * The checks the page runs and reports into `#results` (`<li data-check=name>value</li>`), then
 * `<html data-done="true">`. Each value is what a working page shows; the spec compares recording and replay.
 */
export const EXPECTED: Record<string, string> = {
  fetch: 'hello fetch',
  xhr: 'hello xhr 7',
  'css-import': 'rgb(1, 2, 3)',
  srcset: '/img/medium.svg 30',
  jsonp: 'hello jsonp',
  'post-fetch': 'cats/1',
  'form-post': 'kittens x3',
  video: '64x48',
  'video-range': '206 bytes 100-199/* 100',
  'absolute-fetch': 'hello absolute',
  'absolute-img': '12',
  pushstate: `${FIXTURE_ORIGIN}/state/2`
}

const svg = (w: number, h: number, fill: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="${fill}"/></svg>`

const INDEX = `<!doctype html>
<html><head><meta charset="utf-8"><title>IPARO fixture site</title>
<link rel="stylesheet" href="/css/main.css">
</head><body>
<h1>Fixture site</h1>
<img id="srcset" src="/img/fallback.svg" srcset="/img/medium.svg 1x, /img/large.svg 2x" alt="srcset">
<img id="absolute" src="${FIXTURE_ORIGIN}/img/abs.svg" alt="absolute">
<video id="video" src="/media/clip.webm" preload="auto" muted></video>
<form id="form" method="post" action="/form/submit" target="formframe"><input name="q" value="kittens"><input name="n" value="3"></form>
<iframe name="formframe" id="formframe"></iframe>
<ul id="results"></ul>
<script src="/js/page.js"></script>
</body></html>`

// The page's own script: every request kind the issue names, each reporting what it got (or its error).
const PAGE_JS = `
const report = (name, value) => {
  const li = document.createElement('li')
  li.dataset.check = name
  li.textContent = String(value)
  document.getElementById('results').append(li)
}
const settle = (name, work) => work.then(v => report(name, v), e => report(name, 'error ' + e))
const once = (target, ok, bad) => new Promise((resolve, reject) => {
  target.addEventListener(ok, resolve, { once: true })
  if (bad != null) target.addEventListener(bad, () => reject(new Error(bad)), { once: true })
})
const img = (id) => { const i = document.getElementById(id); return (i.complete ? Promise.resolve() : once(i, 'load', 'error')).then(() => i) }

report('css-import', getComputedStyle(document.querySelector('h1')).color)
const checks = [
  settle('fetch', fetch('/api/data.json').then(r => r.json()).then(j => j.message)),
  settle('xhr', new Promise((resolve, reject) => {
    const x = new XMLHttpRequest()
    x.open('GET', '/api/xhr.txt?id=7')
    x.onload = () => resolve(x.responseText)
    x.onerror = () => reject(new Error('xhr failed'))
    x.send()
  })),
  settle('srcset', img('srcset').then(i => new URL(i.currentSrc).pathname + ' ' + i.naturalWidth)),
  settle('jsonp', new Promise((resolve, reject) => {
    const name = 'cb_' + Math.random().toString(36).slice(2)
    window[name] = (data) => resolve(data.jsonp)
    const s = document.createElement('script')
    s.src = '/api/jsonp.js?callback=' + name + '&_=' + Date.now()
    s.onerror = () => reject(new Error('jsonp script failed'))
    document.head.append(s)
  })),
  settle('post-fetch', fetch('/api/post', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ q: 'cats', page: 1 }) })
    .then(r => r.json()).then(j => j.echo)),
  settle('form-post', new Promise((resolve, reject) => {
    const frame = document.getElementById('formframe')
    frame.addEventListener('load', () => {
      const answer = frame.contentDocument && frame.contentDocument.getElementById('answer')
      answer != null ? resolve(answer.textContent) : reject(new Error('no answer in ' + frame.contentWindow.location.href))
    }, { once: true })
    document.getElementById('form').submit()
  })),
  settle('video', (() => {
    const v = document.getElementById('video')
    return (v.readyState >= 2 ? Promise.resolve() : once(v, 'loadeddata', 'error')).then(() => v.videoWidth + 'x' + v.videoHeight)
  })()),
  settle('video-range', fetch('/media/clip.webm', { headers: { Range: 'bytes=100-199' } })
    .then(async r => r.status + ' ' + (r.headers.get('content-range') || '').replace(/\\/\\d+$/, '/*') + ' ' + (await r.arrayBuffer()).byteLength)),
  settle('absolute-fetch', fetch('${FIXTURE_ORIGIN}/api/abs.json').then(r => r.json()).then(j => j.message)),
  settle('absolute-img', img('absolute').then(i => i.naturalWidth))
]
Promise.all(checks).then(() => {
  // last: after it the page's own URL is no longer the one it was loaded from
  history.pushState({ step: 2 }, '', '/state/2')
  report('pushstate', location.href)
  document.documentElement.dataset.done = 'true'
})
`

interface Asset { type: string, body: string | Buffer }

/**
 * The fixture site on 127.0.0.1: one page using fetch, XHR, a srcset image, an @imported stylesheet,
 * JSONP with a cache-buster, a form POST, a JSON POST, a video (with byte ranges) and pushState.
 */
export async function startFixtureSite (video: Buffer): Promise<{ port: number, requests: string[], stop: () => Promise<void> }> {
  const assets: Record<string, Asset> = {
    '/': { type: 'text/html; charset=utf-8', body: INDEX },
    '/js/page.js': { type: 'application/javascript', body: PAGE_JS },
    '/css/main.css': { type: 'text/css', body: '@import url("imported.css");\nbody { font-family: sans-serif }\n' },
    '/css/imported.css': { type: 'text/css', body: 'h1 { color: rgb(1, 2, 3) }\n' },
    '/img/fallback.svg': { type: 'image/svg+xml', body: svg(10, 10, 'red') },
    '/img/medium.svg': { type: 'image/svg+xml', body: svg(30, 20, 'green') },
    '/img/large.svg': { type: 'image/svg+xml', body: svg(60, 40, 'blue') },
    '/img/abs.svg': { type: 'image/svg+xml', body: svg(12, 12, 'purple') },
    '/api/data.json': { type: 'application/json', body: '{"message":"hello fetch"}' },
    '/api/abs.json': { type: 'application/json', body: '{"message":"hello absolute"}' },
    '/state/2': { type: 'text/html; charset=utf-8', body: '<!doctype html><title>state 2</title><p>state 2</p>' },
    '/media/clip.webm': { type: 'video/webm', body: video }
  }
  const requests: string[] = []
  const server = createServer((req, res) => { void answer(req, res, assets, requests) })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    stop: async () => { await new Promise(resolve => server.close(resolve)) }
  }
}

async function readBody (req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = []
  for await (const chunk of req) parts.push(chunk as Buffer)
  return Buffer.concat(parts).toString()
}

function send (res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(bytes.length), 'Cache-Control': 'no-store', ...extra })
  res.end(bytes)
}

async function answer (req: IncomingMessage, res: ServerResponse, assets: Record<string, Asset>, requests: string[]): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x')
  requests.push(`${req.method ?? ''} ${url.pathname}${url.search}${req.headers.range != null ? ` ${req.headers.range}` : ''}`)
  const body = await readBody(req)
  if (req.method === 'POST' && url.pathname === '/api/post') {
    const j = JSON.parse(body) as { q: string, page: number }
    return send(res, 200, 'application/json', JSON.stringify({ echo: `${j.q}/${j.page}` }))
  }
  if (req.method === 'POST' && url.pathname === '/form/submit') {
    const form = new URLSearchParams(body)
    return send(res, 200, 'text/html; charset=utf-8', `<!doctype html><p id="answer">${form.get('q') ?? ''} x${form.get('n') ?? ''}</p>`)
  }
  if (url.pathname === '/api/xhr.txt') return send(res, 200, 'text/plain', `hello xhr ${url.searchParams.get('id') ?? ''}`)
  if (url.pathname === '/api/jsonp.js') {
    const callback = url.searchParams.get('callback') ?? ''
    if (!/^[\w$]+$/.test(callback)) return send(res, 400, 'text/plain', 'bad callback')
    return send(res, 200, 'application/javascript', `${callback}({"jsonp":"hello jsonp"});`)
  }
  const asset = assets[url.pathname]
  if (asset == null || req.method !== 'GET') return send(res, 404, 'text/plain', 'not here')
  const bytes = typeof asset.body === 'string' ? Buffer.from(asset.body) : asset.body
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '')
  if (range != null) {
    const start = Number(range[1])
    const end = range[2] === '' || range[2] == null ? bytes.length - 1 : Math.min(Number(range[2]), bytes.length - 1)
    if (start >= bytes.length) return send(res, 416, 'text/plain', '', { 'Content-Range': `bytes */${bytes.length}` })
    return send(res, 206, asset.type, bytes.subarray(start, end + 1), { 'Content-Range': `bytes ${start}-${end}/${bytes.length}`, 'Accept-Ranges': 'bytes' })
  }
  send(res, 200, asset.type, bytes, { 'Accept-Ranges': 'bytes' })
}
