import { join } from 'node:path'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, openInApp, recordRequests } from './support/browser.ts'
import { FIXTURES, fresh, iparo, serve, type Served } from './support/iparo-process.ts'
import { writeWarc } from './support/make-warc.ts'

/**
 * Nothing a replayed page asks for reaches the live web: every request the browser makes (pages,
 * frames, the worker) stays on the node's two origins, and the archived page's own stay on the replay
 * origin. A page of the tests' own tries every kind of URL.
 */
let node: Served
let context: BrowserContext

 // How Chromium reports a request its CSP refused before sending it.
const BLOCKED_BY_CSP = /^(csp|net::ERR_BLOCKED_BY_CSP)$/
const DATE = '2020-05-01T10:00:00Z'
const PAGE = `<!doctype html><html><head>
<link rel="stylesheet" href="style.css">
<link rel="stylesheet" href="//cdn.elsewhere.example/lib.css">
<script src="http://scripts.elsewhere.example/track.js"></script>
</head><body>
<img id="relative" src="img/a.png"><img id="root" src="/img/b.png"><img id="absolute" src="http://site.example/img/a.png">
<img id="foreign" src="https://images.elsewhere.example/x.png"><img id="missing" src="/img/never-archived.png">
<iframe src="http://frames.elsewhere.example/"></iframe>
<p id="data">waiting</p>
<script>
  fetch('/api/data.json').then(r => r.json()).then(d => { document.getElementById('data').textContent = d.message }, e => { document.getElementById('data').textContent = 'failed: ' + e })
  fetch('https://api.elsewhere.example/live').catch(() => {})
  navigator.sendBeacon && navigator.sendBeacon('https://beacon.elsewhere.example/b', 'x')
  try { new WebSocket('wss://socket.elsewhere.example/') } catch (e) {}
</script>
</body></html>`
// a 1×1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

beforeAll(async () => {
  const data = fresh()
  const warc = join(data, 'site.warc')
  writeWarc(warc, [
    { url: 'http://site.example/page/', date: DATE, contentType: 'text/html', body: PAGE },
    { url: 'http://site.example/page/style.css', date: DATE, contentType: 'text/css', body: 'body { color: rgb(1, 2, 3) } #relative { background: url(/img/b.png) }' },
    { url: 'http://site.example/page/img/a.png', date: DATE, contentType: 'image/png', body: PNG },
    { url: 'http://site.example/img/b.png', date: DATE, contentType: 'image/png', body: PNG },
    { url: 'http://site.example/api/data.json', date: DATE, contentType: 'application/json', body: '{"message":"from the archive"}' }
  ])
  for (const [file, name] of [[warc, 'site'], [`${FIXTURES}pywb/iana.warc.gz`, 'iana']] as const) {
    const r = await iparo(['ingest', file, '--archive', name, '--data', data])
    if (r.code !== 0) throw new Error(r.stderr)
  }
  node = await serve(data)
  ;({ context } = await launch())
}, 120_000)
afterAll(async () => { await context.close(); await node.stop() })

describe('no live-web leaks from replayed pages', () => {
  it('answers relative, root-relative and script URLs from the archive; everything else is refused, never sent', async () => {
    const page = await context.newPage()
    const requests = recordRequests(context)
    const frame = await openInApp(page, node.url, node.replayUrl, '/site/20200501100000/http://site.example/page/')
    await frame.waitForFunction(() => document.getElementById('data')?.textContent !== 'waiting')
    const state = await frame.evaluate(() => ({
      color: getComputedStyle(document.body).color,
      data: document.getElementById('data')?.textContent,
      widths: Object.fromEntries([...document.images].map(i => [i.id, i.naturalWidth]))
    }))
    expect(state.color).toBe('rgb(1, 2, 3)')
    expect(state.data).toBe('from the archive')
    expect(state.widths).toEqual({ relative: 1, root: 1, absolute: 0, foreign: 0, missing: 0 })
    await requests.settled()

    const replay = new URL(node.replayUrl).origin
    const allowed = new Set([new URL(node.url).origin, replay])
    const offOrigin = requests.seen.filter(r => !allowed.has(new URL(r.url).origin))
    // Whatever the browser reports off the node's origins was refused before it left (the replay CSP).
    for (const r of offOrigin) expect({ url: r.url, failure: r.failure }).toEqual({ url: r.url, failure: expect.stringMatching(BLOCKED_BY_CSP) })
    // the app's origin has a worker too, which only keeps the app's files: the replay origin's is the one archived pages reach
    const fromReplayed = requests.seen.filter(r => r.workerOrigin === replay || r.frameUrl?.startsWith(`${replay}/site/`) === true)
    for (const r of fromReplayed.filter(r => r.failure == null)) expect(new URL(r.url).origin).toBe(replay)
    const missing = requests.seen.find(r => r.url.endsWith('/img/never-archived.png') && r.status != null && (r.status < 300 || r.status >= 400))
    expect(missing?.status).toBe(404)
    await page.close()
  })

  it('replays fixture pages (iana.org home and a second page) with no request off the node', async () => {
    const page = await context.newPage()
    const requests = recordRequests(context)
    for (const uriM of ['/iana/20140126200624/http://www.iana.org/', '/iana/20140126200912/http://www.iana.org/domains/root']) {
      const frame = await openInApp(page, node.url, node.replayUrl, uriM)
      expect(await frame.evaluate(() => document.title)).not.toBe('')
    }
    await requests.settled()
    const replay = new URL(node.replayUrl).origin
    const allowed = new Set([new URL(node.url).origin, replay])
    const sent = requests.seen.filter(r => !BLOCKED_BY_CSP.test(r.failure ?? ''))
    expect(sent.length).toBeGreaterThan(10)
    for (const r of sent) expect(allowed.has(new URL(r.url).origin), r.url).toBe(true)
    // each worker asks its own origin only: the replay origin's for blocks and records, the app's for its files
    for (const r of sent.filter(r => r.byWorker)) expect(new URL(r.url).origin, r.url).toBe(r.workerOrigin)
    await page.close()
  })
})
