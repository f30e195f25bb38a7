import type { Env, Technique } from './page-kit.ts'

/**
 * A child document's attempts (srcdoc, blob:, data:, javascript:), posted to its parent when done:
 * those documents get no client script, so they try the plain APIs.
 */
export const childScript = (env: Env, id: string, label: string): string => `
const T = (p) => ${JSON.stringify(env.out)} + '/t/${id}/${label}-' + p; const out = [];
const go = async (n, f) => { try { out.push([n, 'ran', String(await Promise.race([f(), new Promise((_, no) => setTimeout(() => no(new Error('no answer')), 1500))]))]) } catch (e) { out.push([n, 'threw', String(e && e.name) + ': ' + String(e && e.message)]) } };
(async () => {
  await go('fetch', () => fetch(T('fetch')).then(r => r.status));
  await go('WebSocket', () => new Promise((ok, no) => { const s = new WebSocket(${JSON.stringify(env.ws)} + '/t/${id}/${label}'); s.onopen = () => ok('open'); s.onerror = () => no(new Error('error event')) }));
  await go('img', () => new Promise((ok, no) => { const i = new Image(); i.onload = () => ok('load'); i.onerror = () => no(new Error('error event')); i.src = T('img') }));
  await go('sendBeacon', () => navigator.sendBeacon(T('beacon'), 'x'));
  parent.postMessage({ child: ${JSON.stringify(label)}, out }, '*');
})();`

/** Runs a child document and records what it reported as one step each. */
const childSteps = (label: string, make: string): string => `
await step('${label} child', async () => { ${make}; const r = JSON.parse(await message(d => d.child === '${label}', 5000)); for (const s of r.out) steps.push(['${label}: ' + s[0], s[1], s[2]]); return 'reported' }, 6000)`

const SCRIPT_END = '</scr\' + \'ipt>'

/** Frames, documents of other kinds and navigations: a realm the client script never saw, or a way out of the frame. */
export const frameAttacks: Technique[] = [
  {
    id: 'srcdoc-realm',
    what: 'an iframe srcdoc (set through an unhooked setAttribute) running fetch, WebSocket, img, sendBeacon',
    script: env => childSteps('srcdoc', `const f = document.createElement('iframe'); realm().Element.prototype.setAttribute.call(f, 'srcdoc', '<script>' + ${JSON.stringify(childScript(env, 'srcdoc-realm', 'srcdoc'))} + '${SCRIPT_END}'); document.body.append(f)`)
  },
  {
    id: 'blank-realm',
    what: 'a fresh about:blank iframe\'s unhooked fetch, XHR, WebSocket, EventSource, sendBeacon, Image',
    script: () => `
const w = realm()
await step('realm fetch', () => w.fetch(tag('fetch')).then(r => r.status))
await step('realm XHR', () => new Promise((ok, no) => { const x = new w.XMLHttpRequest(); x.open('GET', tag('xhr')); x.onload = () => ok(x.status); x.onerror = () => no(new Error('error event')); x.send() }))
await step('realm WebSocket', () => socket(w.WebSocket, WS + '/t/' + ID + '/ws'))
await step('realm EventSource', () => new Promise((ok, no) => { const s = new w.EventSource(tag('es')); s.onopen = () => ok('open'); s.onerror = () => { s.close(); no(new Error('error event')) } }))
await step('realm sendBeacon', () => w.navigator.sendBeacon(tag('beacon'), 'x'))
await step('realm Image', () => { const i = new w.Image(); const p = loaded(i); i.src = tag('img'); return p })`
  },
  {
    id: 'blob-document',
    what: 'a blob: HTML document in an iframe running fetch, WebSocket, img, sendBeacon',
    script: env => childSteps('blob', `const f = document.createElement('iframe'); f.src = URL.createObjectURL(new Blob(['<script>' + ${JSON.stringify(childScript(env, 'blob-document', 'blob'))} + '${SCRIPT_END}'], { type: 'text/html' })); document.body.append(f)`)
  },
  {
    id: 'data-document',
    what: 'a data: HTML document in an iframe (opaque origin) running fetch, WebSocket, img, sendBeacon',
    script: env => childSteps('data', `const f = document.createElement('iframe'); realm().Element.prototype.setAttribute.call(f, 'src', 'data:text/html,' + encodeURIComponent('<script>' + ${JSON.stringify(childScript(env, 'data-document', 'data'))} + '${SCRIPT_END}')); document.body.append(f)`)
  },
  {
    id: 'javascript-url',
    what: 'a javascript: URL in an iframe and in a clicked link, calling fetch and WebSocket',
    script: env => childSteps('js', `const f = document.createElement('iframe'); document.body.append(f); realm().Element.prototype.setAttribute.call(f, 'src', 'javascript:' + encodeURIComponent(${JSON.stringify(childScript(env, 'javascript-url', 'js'))}))`) + `
await step('link javascript: fetch', () => { const a = document.createElement('a'); realm().Element.prototype.setAttribute.call(a, 'href', 'javascript:void fetch(' + JSON.stringify(tag('link')) + ')'); document.body.append(a); a.click(); return 'clicked' })`
  },
  {
    id: 'meta-refresh',
    what: '<meta http-equiv=refresh> to the outside: in a srcdoc child, then in the page itself (made at run time)',
    navigates: true,
    script: () => `
await step('child refresh', async () => { const f = document.createElement('iframe'); realm().Element.prototype.setAttribute.call(f, 'srcdoc', '<meta http-equiv="refresh" content="0;url=' + tag('child') + '">'); document.body.append(f); await loaded(f); await loaded(f); try { return String(f.contentWindow.document.URL) } catch (e) { return 'cross-origin now: ' + say(e) } }, 3000)
report(true)
await step('self refresh', () => { const m = document.createElement('meta'); m.httpEquiv = 'refresh'; realm().Element.prototype.setAttribute.call(m, 'content', '0;url=' + tag('self')); document.head.append(m); return 'added' })`
  },
  {
    id: 'top-navigation',
    what: 'frame-busting: top.location, top.location.replace, parent.location, window.open(_top), a target=_top link',
    navigates: true,
    script: () => `
await step('top.location.href =', () => { top.location.href = tag('top-href'); return 'set' })
await step('top.location.replace', () => { top.location.replace(tag('top-replace')); return 'called' })
await step('parent.location.href =', () => { parent.location.href = tag('parent-href'); return 'set' })
await step('fresh realm open(_top)', () => String(realm().open.call(window, tag('open-top'), '_top')))
await step('a target=_top click', () => { const a = document.createElement('a'); const set = realm().Element.prototype.setAttribute; set.call(a, 'href', tag('a-top')); set.call(a, 'target', '_top'); document.body.append(a); a.click(); return 'clicked' })`
  },
  {
    id: 'self-navigation',
    what: 'the replay frame navigating itself to the outside through a location the rewriter cannot see (window[\'loc\'+\'ation\'])',
    navigates: true,
    script: () => `
report(true)
await step('window[loc+ation].href =', () => { window['loc' + 'ation'].href = tag('self'); return 'set' })`
  },
  {
    id: 'navigation-api',
    what: 'navigation.navigate() of the outside URL from the page and from a fresh realm\'s Navigation',
    navigates: true,
    script: () => `
report(true)
await step('navigation.navigate', () => navigation.navigate(tag('nav')).committed.then(() => 'committed'))
await step('fresh realm Navigation.navigate', () => realm().Navigation.prototype.navigate.call(navigation, tag('nav2')).committed.then(() => 'committed'))`
  },
  {
    id: 'window-open',
    what: 'window.open of the outside: plain, from a fresh realm, into a named window',
    navigates: true,
    script: () => `
await step('window.open', () => String(window.open(tag('a'))))
await step('fresh realm open', () => String(realm().open(tag('b'))))
await step('open named', () => String(window.open(tag('c'), 'hostile-named')))`
  },
  {
    id: 'sandbox-escape',
    what: 'removing the replay frame\'s sandbox through parent.document, reloading, then top navigation and pop-ups',
    navigates: true,
    script: () => `
await step('remove sandbox', () => { const f = parent.document.querySelector('iframe'); f.removeAttribute('sandbox'); return String(f.getAttribute('sandbox')) })
report(false)
await step('go to stage 2', () => { window['loc' + 'ation'].replace(urim('/t/sandbox-escape/stage2')); return 'navigating' })`,
    stage2: () => `
await step('sandbox now', () => String(frameElement && frameElement.getAttribute('sandbox')))
await step('top.location.href =', () => { top.location.href = tag('top'); return 'set' })
await step('window.open', () => String(window.open(tag('popup'))))`
  },
  {
    id: 'pushstate-archive',
    what: 'history.pushState to a foreign URL and (unhooked) to a URI-M of another archive, then reload: the app is told the frame shows the other archive',
    navigates: true,
    script: () => `
await step('pushState foreign', () => { history.pushState(null, '', tag('push')); return document.URL })
await step('unhooked pushState cross-origin', () => { realm().History.prototype.pushState.call(history, null, '', tag('x')); return 'pushed' })
await step('unhooked pushState other archive', () => { realm().History.prototype.pushState.call(history, null, '', BENIGN); return 'pushed' })
report(true)
await step('reload', () => { window['loc' + 'ation'].reload(); return 'reloading' })`
  },
  noClientDocument('svg-document', 'SVG', 'svg'),
  noClientDocument('xhtml-document', 'XHTML', 'xhtml'),
  {
    id: 'document-domain',
    what: 'document.domain = 127.0.0.1 in the page and its parent, then reading the app\'s document',
    script: () => `
await step('document.domain =', () => { document.domain = '127.0.0.1'; return document.domain })
await step('parent.document.domain =', () => { parent.document.domain = '127.0.0.1'; return parent.document.domain })
await step('top.document.title', () => String(top.document.title))`
  }
]

/** An archived document of a kind that gets no client script (not HTML), trying the network, then navigating out. */
function noClientDocument (id: string, name: string, kind: 'svg' | 'xhtml'): Technique {
  return {
    id,
    what: `an archived ${name} document (no client script) calling fetch and WebSocket, then navigating the replay frame to the outside`,
    kind,
    navigates: true,
    script: () => `
await step('fetch', () => fetch(tag('fetch')).then(r => r.status))
await step('WebSocket', () => socket(WebSocket, WS + '/t/' + ID + '/ws'))
report(true)
await step('location.href =', () => { window['loc' + 'ation'].href = tag('nav'); return 'set' })`
  }
}
