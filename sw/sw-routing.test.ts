import { describe, expect, it } from 'vitest'
import { MemoryBlockStore } from '../src/core/blocks.ts'
import { NotFoundError } from '../src/core/errors.ts'
import { ReplayHandler } from '../src/core/replay/replay-handler.ts'
import { pickHandler, type RouteHandler } from '../src/core/routing/route-handler.ts'
import { ArchiveApiHandler } from '../src/core/replay/archive-api-handler.ts'
import { AppAssetsHandler } from './app-assets-handler.ts'
import { appOnly } from './app-only.ts'
import { PageLog } from './page-log.ts'
import { ReplayCatchAllHandler } from './replay-catch-all-handler.ts'
import { REPLAY_CSP, withReplayCsp } from './replay-csp.ts'
import { replayedPageAt, type ReplayedPage } from './replayed-page.ts'
import type { SwContext } from './sw-context.ts'
import { SwReplayHandler } from './sw-replay-handler.ts'

// The worker's handler list, as sw.ts builds it; routing decisions need no IndexedDB nor network.
const ORIGIN = 'http://127.0.0.1:8421'
const replay = new ReplayHandler({ blocks: new MemoryBlockStore(), locator: { locate: async (a) => { throw new NotFoundError(a) } }, decodeContent: true })
const pages = new PageLog(async () => { throw new Error('not used by routing') })
const api = new ArchiveApiHandler(new MemoryBlockStore(), { locate: async (a) => { throw new NotFoundError(a) } })
const handlers: Array<RouteHandler<SwContext>> = [appOnly(api), new AppAssetsHandler(), new SwReplayHandler(replay, pages), new ReplayCatchAllHandler()]

const PAGE = replayedPageAt(`${ORIGIN}/iana/20140126200624/http://www.iana.org/about/`, ORIGIN)
const route = (url: string, page: ReplayedPage | undefined): string | undefined =>
  pickHandler(handlers, new Request(url), new URL(url), { origin: ORIGIN, page })?.name
const fromPage = (url: string): string | undefined => route(url, PAGE)

describe('routing in the worker, by requesting client', () => {
  it('reads the replayed page from a client URL: mementos on this origin only', () => {
    expect(PAGE).toEqual({ archive: 'iana', digits: '20140126200624', url: 'http://www.iana.org/about/', path: '/iana/20140126200624/http://www.iana.org/about/' })
    expect(replayedPageAt(`${ORIGIN}/replay.html`, ORIGIN)).toBeUndefined()
    expect(replayedPageAt(`${ORIGIN}/iana/timemap/link/http://www.iana.org/`, ORIGIN)).toBeUndefined()
    expect(replayedPageAt('http://127.0.0.1:8420/iana/20140126200624/http://www.iana.org/', ORIGIN)).toBeUndefined()
  })

  it("sends the app's own pages to its files, and URI-Ms to the replay handler", () => {
    expect(route(`${ORIGIN}/replay.html`, undefined)).toBe('app-assets')
    expect(route(`${ORIGIN}/assets/index-abc123.js`, undefined)).toBe('app-assets')
    expect(route(`${ORIGIN}/api/v1/archives`, undefined)).toBe('app-assets')
    expect(route(`${ORIGIN}/api/v1/archive/iana/pages?offset=0`, undefined)).toBe('archive-api')
    expect(route(`${ORIGIN}/iana/20140126200624/http://www.iana.org/`, undefined)).toBe('replay')
    expect(route(`${ORIGIN}/iana/timemap/link/http://www.iana.org/`, undefined)).toBe('replay')
    expect(route('https://cdn.example/x.js', undefined)).toBeUndefined()
  })

  it("sends everything a replayed page asks for to the archive, even paths that are the app's", () => {
    expect(fromPage(`${ORIGIN}/iana/20140126200625/http://www.iana.org/_css/screen.css`)).toBe('replay')
    for (const url of [`${ORIGIN}/_css/screen.css`, `${ORIGIN}/assets/site.js`, `${ORIGIN}/replay.html`, `${ORIGIN}/sw.js`,
      `${ORIGIN}/about/team`, `${ORIGIN}/api/v1/archive/iana`, `${ORIGIN}/other/20140126200624/http://x.example/`, 'https://cdn.example/lib.js']) {
      expect(fromPage(url), url).toBe('replay-catch-all')
    }
  })

  it('redirects a stray request to the archive at the page datetime, under the replay CSP', async () => {
    const context = { origin: ORIGIN, page: PAGE }
    const at = async (url: string): Promise<Response> => new ReplayCatchAllHandler().handle(new Request(url), new URL(url), context)
    const rootRelative = await at(`${ORIGIN}/_img/logo.png?v=2`)
    expect(rootRelative.status).toBe(302)
    expect(rootRelative.headers.get('location')).toBe(`${ORIGIN}/iana/20140126200624/http://www.iana.org/_img/logo.png?v=2`)
    expect(rootRelative.headers.get('content-security-policy')).toBe(REPLAY_CSP)
    expect((await at('https://cdn.example/lib.js')).headers.get('location')).toBe(`${ORIGIN}/iana/20140126200624/https://cdn.example/lib.js`)
  })

  it('keeps a POST a POST: a 307 sends method and body on to the URI-M', async () => {
    const url = `${ORIGIN}/api/search`
    const r = await new ReplayCatchAllHandler().handle(new Request(url, { method: 'POST', body: 'q=1' }), new URL(url), { origin: ORIGIN, page: PAGE })
    expect(r.status).toBe(307)
    expect(r.headers.get('location')).toBe(`${ORIGIN}/iana/20140126200624/http://www.iana.org/api/search`)
  })
})

describe('documents the client script cannot enter', () => {
  it('run no script when opened as a page or a frame, and keep their scripts nowhere else', () => {
    const csp = (type: string, navigation: boolean): string => withReplayCsp(new Response('', { headers: { 'Content-Type': type } }), navigation).headers.get('content-security-policy') ?? ''
    expect(csp('image/svg+xml', true)).toMatch(/; sandbox allow-same-origin allow-forms$/)
    expect(csp('application/rss+xml; charset=utf-8', true)).toMatch(/sandbox/)
    expect(csp('image/svg+xml', false)).toBe(REPLAY_CSP)
    // HTML and XHTML get the client script, and keep their scripts
    expect(csp('text/html', true)).toBe(REPLAY_CSP)
    expect(csp('application/xhtml+xml', true)).toBe(REPLAY_CSP)
  })
})
