import { describe, expect, it } from 'vitest'
import { embedUrlsIn, SubresourcePrefetch } from './subresource-prefetch.ts'

const ORIGIN = 'http://127.0.0.1:9000'
const PAGE = `
<link rel="stylesheet" href="/iana/20140126200624cs_/http://www.iana.org/_css/screen.css">
<link rel="icon" href="/iana/20140126200624im_/http://www.iana.org/favicon.ico">
<img src="${ORIGIN}/iana/20140126200624im_/http://www.iana.org/logo.svg?a=1&amp;b=2">
<script src='/iana/20140126200624js_/http://www.iana.org/app.js'></script>
<a href="/iana/20140126200624/http://www.iana.org/about">about</a>
<img src="/other/20140126200624im_/http://elsewhere.example/x.png">`

describe('embeds resolved ahead of the browser', () => {
  it('finds what the page loads in its own archive: sources and stylesheets, not links, icons or other archives', () => {
    expect(embedUrlsIn(PAGE, ORIGIN, 'iana')).toEqual([
      `${ORIGIN}/iana/20140126200624cs_/http://www.iana.org/_css/screen.css`,
      `${ORIGIN}/iana/20140126200624im_/http://www.iana.org/logo.svg?a=1&b=2`,
      `${ORIGIN}/iana/20140126200624js_/http://www.iana.org/app.js`
    ])
  })

  it('resolves each URL once, at most `limit` at once, and lets the browser wait for one under way', async () => {
    const started: string[] = []
    const finish = new Map<string, () => void>()
    const prefetch = new SubresourcePrefetch(async (url) => { started.push(url); await new Promise<void>(resolve => { finish.set(url, resolve) }) }, 2)
    const page = new Response(PAGE + PAGE, { headers: { 'Content-Type': 'text/html' } })
    expect(await prefetch.watch(page, ORIGIN, 'iana').text()).toBe(PAGE + PAGE)
    await expect.poll(() => started.length).toBe(2)
    const [css, logo] = started
    const waiting = prefetch.inFlight(logo ?? '')
    expect(waiting).toBeDefined()
    // the script was still queued: the browser's request takes it over
    expect(prefetch.inFlight(`${ORIGIN}/iana/20140126200624js_/http://www.iana.org/app.js`)).toBeUndefined()
    finish.get(logo ?? '')?.()
    await waiting
    finish.get(css ?? '')?.()
    expect(started).toHaveLength(2)
  })
})
