import { describe, expect, it } from 'vitest'
import type { CallReply } from '../src/messages/replay-messages.ts'
import { callUrl, type CallEnvelope } from '../src/messages/worker-call.ts'
import { appReferrer, CallHandler } from './call-handler.ts'
import { scriptJson } from './call-page.ts'

const APP = 'http://127.0.0.1:8420'
const REPLAY = 'http://127.0.0.1:8421'
const context = { origin: REPLAY, page: undefined }

/** A request as the browser hands a navigation to the worker (Request's constructor refuses mode 'navigate'). */
function navigation (url: string, referrer: string, destination = 'iframe'): Request {
  const request = new Request(url)
  Object.defineProperties(request, { mode: { value: 'navigate' }, referrer: { value: referrer }, destination: { value: destination } })
  return request
}

function handlerSeeing (seen: CallEnvelope[]): CallHandler {
  return new CallHandler(new Set([APP]), async (envelope, reply) => {
    seen.push(envelope)
    reply({ type: 'save-progress', progress: { done: 1, total: 2, blocks: 3, bytes: 4, url: '</script><script>alert(1)</script>' } })
    reply({ type: 'stats', stats: { bytes: 1, blocks: 1, savedBytes: 0, savedBlocks: 0, fetched: 0, corruptDropped: 0 } }, true)
  })
}

describe('orders for the worker', () => {
  const url = callUrl(REPLAY, { id: 'call-1', call: { type: 'stats' } })

  it('come only from navigations the app\'s documents started', () => {
    const apps = new Set([APP])
    expect(appReferrer(navigation(url, `${APP}/`), apps)).toBe(APP)
    expect(appReferrer(navigation(url, `${REPLAY}/iana/2014/http://www.iana.org/`), apps)).toBeUndefined()
    expect(appReferrer(navigation(url, ''), apps)).toBeUndefined()
    expect(appReferrer(new Request(url, { referrer: 'about:client' }), apps)).toBeUndefined()
  })

  it('are refused, unread, from an archived page, with no referrer, or as a fetch', async () => {
    const seen: CallEnvelope[] = []
    const handler = handlerSeeing(seen)
    for (const request of [navigation(url, `${REPLAY}/evil/2020/http://evil.example/`), navigation(url, ''), navigation(url, `${APP}/`, 'document'), new Request(url)]) {
      const response = await handler.handle(request, new URL(request.url))
      expect(response.status).toBe(403)
      expect(response.headers.get('content-security-policy')).toMatch(/^sandbox;/)
    }
    expect(seen).toEqual([])
  })

  it('are answered by an opaque-origin document posting each reply to the app only', async () => {
    const seen: CallEnvelope[] = []
    const handler = handlerSeeing(seen)
    expect(handler.canHandle(navigation(url, `${APP}/`), new URL(url), context)).toBe(true)
    const response = await handler.handle(navigation(url, `${APP}/`), new URL(url))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toBe(`sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors *`)
    const html = await response.text()
    expect(seen).toEqual([{ id: 'call-1', call: { type: 'stats' } }])
    const posts = [...html.matchAll(/<script>parent\.postMessage\((.*), ("[^"]*")\)<\/script>/g)]
    expect(posts.map(m => JSON.parse(m[2] ?? ''))).toEqual([APP, APP])
    const messages = posts.map(m => JSON.parse(m[1] ?? '') as { iparoCall: string, reply: CallReply, final: boolean })
    expect(messages.map(m => [m.iparoCall, m.reply.type, m.final])).toEqual([['call-1', 'save-progress', false], ['call-1', 'stats', true]])
    // archived text inside a reply cannot end the script it travels in
    expect(html.match(/<\/script>/g)?.length).toBe(2)
  })

  it('a call the worker does not know is refused', async () => {
    const bad = new URL('/sw/call?c=%7B%22id%22%3A%22x%22%2C%22call%22%3A%7B%22type%22%3A%22wipe%22%7D%7D', REPLAY).href
    const response = await handlerSeeing([]).handle(navigation(bad, `${APP}/`), new URL(bad))
    expect(response.status).toBe(400)
  })

  it('JSON in an inline script stays data', () => {
    expect(scriptJson({ a: '</script><!--\u2028' })).toBe('{"a":"\\u003c/script>\\u003c!--\\u2028"}')
  })
})
