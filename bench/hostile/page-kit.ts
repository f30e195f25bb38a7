/** Where a hostile page aims, and where it is archived: known when its WARC is written. */
export interface Env {
  /** the outside listener, `http://127.0.0.2:PORT`, its WebSocket URL and its UDP `host:port` (STUN) */
  out: string
  ws: string
  stun: string
  /** the hostile archive's name and the capture datetime (14 digits) of every page in it */
  archive: string
  digits: string
  /** the archived site, `http://hostile.example` */
  site: string
  /** a URI-M path of the benign archive, for pages that pretend to be elsewhere */
  benign: string
}

export interface Resource { path: string, contentType: string, body: string }

export interface Technique {
  id: string
  /** one line: what it tries */
  what: string
  /** the document type it is archived as: scripts in SVG and XHTML get no client script */
  kind?: 'html' | 'svg' | 'xhtml'
  /** HTML placed before the script (served, so the worker rewrites it) */
  markup?: (env: Env) => string
  /** the attack: the body of an async function with the kit (below) in scope */
  script: (env: Env) => string
  /** more archived resources it needs (workers, second stages), paths under the site */
  extra?: (env: Env) => Resource[]
  /** it ends by navigating something: the harness then waits (bounded) for a request to the outside */
  navigates?: boolean
  /** the script of a second page, \`/t/ID/stage2\`, which the first goes to: its report is the final one */
  stage2?: (env: Env) => string
}

/** The technique's page URL in the archive, and its URI-M path on the replay origin. */
export const pageUrl = (env: Env, id: string): string => `${env.site}/t/${id}`
export const pagePath = (env: Env, id: string, rest = ''): string => `/${env.archive}/${env.digits}/${pageUrl(env, id)}${rest}`

/**
 * What every hostile page runs first. `step` runs one attempt, bounded in time, and records whether it
 * ran (and what it returned) or threw: the report says what was refused where. `report` is the page's
 * explicit signal, a console line the harness listens for (it reaches the harness from any frame and
 * stage, whatever the page did to its parents); an empty one says the page started. `realm()` is a fresh about:blank frame's window: APIs
 * the client script never hooked. No bare `location` here: the worker rewrites it in inline scripts.
 */
function kit (env: Env, id: string, stage: number): string {
  const v = JSON.stringify
  return `
const ID = ${v(id)}, OUT = ${v(env.out)}, WS = ${v(env.ws)}, STUN = ${v(env.stun)}, STAGE = ${stage};
const ARCHIVE = ${v(env.archive)}, DIGITS = ${v(env.digits)}, SITE = ${v(env.site)}, BENIGN = ${v(env.benign)};
const steps = [];
const tag = (p) => OUT + '/t/' + ID + '/' + p;
const urim = (p, mod) => '/' + ARCHIVE + '/' + DIGITS + (mod || '') + '/' + SITE + p;
const within = (p, ms) => Promise.race([p, new Promise((_, no) => setTimeout(() => no(new Error('no answer in ' + (ms || 3000) + ' ms')), ms || 3000))]);
const say = (e) => String((e && e.name) || 'Error') + ': ' + String((e && e.message) || e).slice(0, 160);
async function step (name, fn, ms) {
  try { const r = await within(Promise.resolve().then(fn), ms); steps.push([name, 'ran', r === undefined ? '' : String(r).slice(0, 200)]) }
  catch (e) { steps.push([name, 'threw', say(e)]) }
}
function report (final) {
  console.log('__hostile__' + JSON.stringify({ id: ID, stage: STAGE, final: final, origin: self.origin, steps: steps }));
  if (final) document.title = 'hostile-done ' + ID;
}
let fresh;
function realm () {
  if (fresh) return fresh;
  const f = document.createElementNS('http://www.w3.org/1999/xhtml', 'iframe');
  (document.body || document.documentElement).appendChild(f);
  return (fresh = f.contentWindow);
}
const loaded = (el) => new Promise((ok, no) => { el.onload = () => ok('load'); el.onerror = () => no(new Error('error event')) });
const socket = (W, u) => new Promise((ok, no) => { const s = new W(u); s.onopen = () => ok('open'); s.onerror = () => no(new Error('error event')); s.onclose = (e) => no(new Error('closed ' + e.code)) });
const message = (test, ms) => within(new Promise((ok) => { addEventListener('message', (e) => { if (e.data && test(e.data)) ok(JSON.stringify(e.data).slice(0, 200)) }) }), ms);
`
}

function wrapped (env: Env, id: string, stage: number, script: string): string {
  return `${kit(env, id, stage)}
console.log('__hostile__' + JSON.stringify({ id: ID, stage: STAGE, final: false, origin: self.origin, steps: [] }));
(async () => {
${script}
})().then(() => report(true), (e) => { steps.push(['(page)', 'threw', say(e)]); report(true) });
`
}

/** A hostile page: HTML (rewritten by the worker, client script injected), SVG or XHTML (scripts run, nothing injected). */
export function hostileDocument (env: Env, t: { id: string, kind?: Technique['kind'], markup?: string, script: string }, stage = 1): Resource {
  const script = wrapped(env, t.id, stage, t.script)
  const title = `hostile ${t.id}`
  if (t.kind === 'svg') {
    return { path: '', contentType: 'image/svg+xml', body: `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100"><title>${title}</title><text y="20">${t.id}</text>${t.markup ?? ''}<script><![CDATA[${script}]]></script></svg>` }
  }
  if (t.kind === 'xhtml') {
    return { path: '', contentType: 'application/xhtml+xml', body: `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>${title}</title></head><body><h1>${t.id}</h1>${t.markup ?? ''}<script><![CDATA[${script}]]></script></body></html>` }
  }
  return { path: '', contentType: 'text/html', body: `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${t.id}</h1>\n${t.markup ?? ''}\n<script>${script}</script></body></html>` }
}
