import { createServer, type Server } from 'node:http'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EMBED } from './support/app-page.ts'
import { launch } from './support/browser.ts'
import { ingestIana, serve, type Served } from './support/iparo-process.ts'

/**
 * `<iparo-replay>` on someone else's page: a plain page served from another origin (another loopback
 * port) loads the element from the node's app origin and shows a memento of the iana.org archive with
 * its banner. Another port, not another site: this Chromium refuses storage, hence service workers, to
 * third-party frames (127.0.0.2 here: "The user denied permission to use Service Worker"), which
 * docs/embed.md tells hosts about.
 */
let node: Served
let host: Server
let hostUrl: string
let context: BrowserContext

function hostPage (appUrl: string): string {
  return `<!doctype html><meta charset="utf-8"><title>An article citing iana.org</title>
<h1>An article</h1>
<iparo-replay archive="iana" url="http://www.iana.org/" datetime="20140126200624" style="height: 700px"></iparo-replay>
<script type="module" src="${appUrl}iparo-replay.js"></script>`
}

beforeAll(async () => {
  node = await serve(await ingestIana())
  host = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    response.end(hostPage(node.url))
  })
  await new Promise<void>(resolve => host.listen(0, '127.0.0.1', resolve))
  const address = host.address()
  if (address == null || typeof address === 'string') throw new Error('no host address')
  hostUrl = `http://127.0.0.1:${address.port}/`
  ;({ context } = await launch())
}, 120_000)
afterAll(async () => {
  await context?.close()
  await new Promise(resolve => host?.close(resolve))
  await node?.stop()
})

describe('the embeddable replay element', () => {
  it('shows a memento with its banner inside a page of another origin, and follows its attributes', async () => {
    const page = await context.newPage()
    await page.goto(hostUrl)
    expect(new URL(hostUrl).origin).not.toBe(new URL(node.url).origin)
    const embed = page.frameLocator(EMBED.frame)
    await embed.locator(`${EMBED.view}[data-state="shown"]`).waitFor({ timeout: 20_000 })
    // the banner names the memento's datetime; the app's header, archive lists and settings are not there
    expect((await embed.locator(`${EMBED.view} #memento-datetime`).textContent())?.trim()).toBe('2014-01-26 20:06:24 UTC')
    expect(await embed.locator('iparo-app nav[aria-label="Main"]').count()).toBe(0)
    // nothing a host page could steer the person into that writes what they keep: no notes, no saving
    expect(await embed.locator(`${EMBED.view} ${EMBED.notes}`).count()).toBe(0)
    expect(await embed.locator(`${EMBED.view} ${EMBED.save}`).count()).toBe(0)
    expect(await embed.locator(`${EMBED.view} ${EMBED.share}`).count()).toBe(1)
    const archived = embed.frameLocator(EMBED.hostFrame).frameLocator(EMBED.pageFrame)
    expect(await archived.locator('html').evaluate(() => document.title)).toBe('Internet Assigned Numbers Authority')
    // the host page cannot read the app's page: another origin
    expect(await page.evaluate(() => {
      try { return (document.querySelector('iparo-replay')?.shadowRoot?.querySelector('iframe')?.contentDocument ?? null) === null } catch { return true }
    })).toBe(true)

    expect(await page.getAttribute(EMBED.open, 'href')).toBe(`${node.url}#/iana/20140126200624/http://www.iana.org/`)

    // another URL set on the element: the same frame follows
    await page.evaluate(() => { document.querySelector('iparo-replay')?.setAttribute('url', 'http://www.iana.org/domains/root') })
    // the closest capture to the element's datetime, named by the banner once the frame shows it
    await embed.locator(`${EMBED.view}[data-state="shown"] #memento-datetime`).filter({ hasText: '2014-01-26 20:09:12 UTC' }).waitFor({ timeout: 15_000 })
    expect(await archived.locator('html').evaluate(() => document.title)).toMatch(/Root Zone/)
  }, 25_000)
})
