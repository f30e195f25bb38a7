import { join } from 'node:path'
import type { BrowserContext, Frame } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseReplayPath } from '../src/core/replay/replay-path.ts'
import { launch, openInApp, recordRequests, type Seen } from './support/browser.ts'
import { EXPECTED, FIXTURE_HOST, FIXTURE_ORIGIN, startFixtureSite } from './support/fixture-site.ts'
import { fresh, iparo, serve, type Served } from './support/iparo-process.ts'
import { startRecordingProxy, type RecordingProxy } from './support/recording-proxy.ts'
import { recordWebmClip } from './support/webm-clip.ts'

/**
 * A page of the tests' own, served on loopback, captured by Chromium through a recording proxy into a
 * WARC, ingested with `iparo ingest`, then replayed by the service worker: fetch, XHR, a srcset image,
 * an @imported stylesheet, JSONP with a cache-buster and a fresh callback name (fuzzy matching), a
 * JSON POST and a form POST (request keys), a video and a byte range (206 from the payload's leaves),
 * absolute URLs and pushState (rewriting and the client script). The page reports each part into the DOM.
 */
let recorded: Record<string, string>
let proxy: RecordingProxy
let node: Served
let replayContext: BrowserContext
let pageDigits: string

const reported = async (frame: Frame): Promise<Record<string, string>> =>
  frame.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLElement>('#results li')].map(li => [li.dataset.check ?? '', li.textContent ?? ''])))

/** The page's reports once it says it is done; when it never does, the error lists what did report (a check that hung is missing). */
async function results (frame: Frame): Promise<Record<string, string>> {
  try {
    await frame.waitForSelector('html[data-done="true"]', { timeout: 30_000 })
  } catch (err) {
    throw new Error(`the page did not finish; it reported ${JSON.stringify(await reported(frame))}`, { cause: err })
  }
  return reported(frame)
}

beforeAll(async () => {
  const data = fresh()
  const warc = join(data, 'fixture-site.warc')
  const { context: recorder } = await launch()
  const video = await recordWebmClip(recorder)
  await recorder.close()
  const site = await startFixtureSite(video)
  proxy = await startRecordingProxy(FIXTURE_HOST, site.port)
  const { context: browsing } = await launch(undefined, { proxy: proxy.server })
  try {
    const page = await browsing.newPage()
    await page.goto(`${FIXTURE_ORIGIN}/`)
    recorded = await results(page.mainFrame())
  } finally {
    await browsing.close()
    await site.stop()
  }
  await proxy.writeWarc(warc)
  await proxy.stop()
  const ingest = await iparo(['ingest', warc, '--archive', 'fixture', '--data', data])
  if (ingest.code !== 0) throw new Error(ingest.stderr)
  const page = proxy.recorded.find(r => r.url === `${FIXTURE_ORIGIN}/`)
  if (page == null) throw new Error('the page itself was not recorded')
  pageDigits = page.date.replace(/\D/g, '')
  node = await serve(data)
  ;({ context: replayContext } = await launch())
}, 180_000)
afterAll(async () => { await replayContext?.close(); await node?.stop() })

describe('a fixture site recorded by the browser and replayed by the service worker', () => {
  it('works live through the recording proxy, which archived every kind of request', () => {
    expect(recorded).toEqual(EXPECTED)
    const kinds = proxy.recorded.map(r => `${r.method} ${r.url.replace(FIXTURE_ORIGIN, '')}`)
    for (const expected of ['GET /', 'GET /css/imported.css', 'GET /img/medium.svg', 'POST /api/post', 'POST /form/submit', 'GET /media/clip.webm']) {
      expect(kinds, expected).toContain(expected)
    }
    expect(kinds.some(k => /^GET \/api\/jsonp\.js\?callback=cb_\w+&_=\d{13}$/.test(k))).toBe(true)
    // the video was asked for by ranges and archived whole, once
    expect(kinds.filter(k => k === 'GET /media/clip.webm')).toHaveLength(1)
  })

  describe('in replay', () => {
    let replayed: Record<string, string>
    let seen: Seen[]
    let frame: Frame

    beforeAll(async () => {
      const page = await replayContext.newPage()
      const requests = recordRequests(replayContext)
      frame = await openInApp(page, node.url, node.replayUrl, `/fixture/${pageDigits}/${FIXTURE_ORIGIN}/`)
      replayed = await results(frame)
      await requests.settled()
      seen = requests.seen
    }, 60_000)

    // Each check on its own, so a failure names the part that broke.
    for (const check of ['fetch', 'xhr', 'css-import', 'srcset', 'jsonp', 'post-fetch', 'form-post', 'video', 'video-range']) {
      it(`${check} works as it did live`, () => {
        expect(replayed[check]).toBe(EXPECTED[check])
      })
    }

    it('the video came from the archive as byte ranges (206)', () => {
      const video = seen.filter(r => r.url.includes('/media/clip.webm') && r.status === 206)
      expect(video.length).toBeGreaterThan(0)
      for (const r of video) expect(r.fromServiceWorker).toBe(true)
    })

    it('nothing the page asked for left the replay origin', () => {
      const replayOrigin = new URL(node.replayUrl).origin
      const appOrigin = new URL(node.url).origin
      for (const r of seen) {
        const origin = new URL(r.url).origin
        expect({ url: r.url, ok: origin === replayOrigin || origin === appOrigin || r.failure != null }).toEqual({ url: r.url, ok: true })
      }
      expect(seen.some(r => new URL(r.url).host === FIXTURE_HOST && r.failure == null)).toBe(false)
    })

    // These need the URL rewriter and the injected client script (docs/rewriting.md): without them the
    // replay CSP refuses the absolute URLs, and pushState moves the frame to a path outside the archive.
    it('an absolute-URL fetch to the archived site is answered from the archive', () => {
      expect(replayed['absolute-fetch']).toBe(EXPECTED['absolute-fetch'])
    })

    it('an absolute-URL image of the archived site is answered from the archive', () => {
      expect(replayed['absolute-img']).toBe(EXPECTED['absolute-img'])
    })

    it('after pushState the page reads its archived URL', () => {
      expect(replayed.pushstate).toBe(EXPECTED.pushstate)
    })

    it('after pushState the frame is still on a URI-M', () => {
      // the client script keeps pushState URLs as page URI-Ms (`mp_`): archive, datetime and URL are what count
      const url = new URL(frame.url())
      expect(url.origin).toBe(new URL(node.replayUrl).origin)
      const route = parseReplayPath(url)
      expect(route?.kind === 'memento' ? { archive: route.archive, digits: route.digits, url: route.url } : route)
        .toEqual({ archive: 'fixture', digits: pageDigits, url: `${FIXTURE_ORIGIN}/state/2` })
    })

    it('URL properties and document.URL read as the archived URLs while the page loads the URI-Ms', async () => {
      const read = await frame.evaluate(() => {
        const img = document.getElementById('absolute') as HTMLImageElement
        // what rewritten scripts read for `location` (js-location-rewriter.ts), asked for by name here
        const fake = (window as unknown as Record<string, Location>).__iparoLoc
        const own = ({ location: 5 } as unknown as Record<string, unknown>).__iparoLoc
        return {
          src: img.src,
          attribute: img.getAttribute('src') ?? '',
          url: document.URL,
          base: document.baseURI,
          href: document.location.href,
          fake: fake == null ? 'none' : `${fake.protocol}|${fake.host}|${fake.pathname}|${fake.origin}|${String(fake)}`,
          same: (document as unknown as Record<string, unknown>).__iparoLoc === fake,
          own,
          // a frame the page made itself: the name reads that frame's own location
          blank: (() => {
            const f = document.createElement('iframe')
            document.body.append(f)
            const loc = (f.contentDocument as unknown as Record<string, Location | undefined> | null)?.__iparoLoc
            f.remove()
            return String(loc?.href)
          })()
        }
      })
      expect(read.fake).toBe(`http:|fixture.test|/state/2|${FIXTURE_ORIGIN}|${FIXTURE_ORIGIN}/state/2`)
      expect(read.same).toBe(true)
      expect(read.own).toBe(5)
      expect(read.blank).toBe('about:blank')
      expect(read.src).toBe(`${FIXTURE_ORIGIN}/img/abs.svg`)
      expect(read.attribute).toMatch(/^\/fixture\/\d+im_\/http:\/\/fixture\.test\/img\/abs\.svg$/)
      expect(read.url).toBe(`${FIXTURE_ORIGIN}/state/2`)
      expect(read.base).toBe(`${FIXTURE_ORIGIN}/state/2`)
      // the real location, not rewritten in the test's own script: still the replay URL
      expect(new URL(read.href).origin).toBe(new URL(node.replayUrl).origin)
    })
  })
})
