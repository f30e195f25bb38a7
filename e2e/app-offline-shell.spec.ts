import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, recordRequests, relaunchWithoutNode } from './support/browser.ts'
import { openApp, screenshots } from './support/app-page.ts'
import { ingestIana, serve, type Served } from './support/iparo-process.ts'

/** The app shell is a PWA: installed once online, it opens with the node stopped and the browser restarted. */
let node: Served

beforeAll(async () => {
  node = await serve(await ingestIana())
}, 120_000)
afterAll(async () => { await node.stop() })

describe('the app shell offline', () => {
  it('opens from its own worker after the node is gone, and lists an archive seen before', async () => {
    const first = await launch()
    const page = await first.context.newPage()
    await openApp(page, node.url, '#/iana')
    await page.locator('page-list a.row').first().waitFor()
    // installable: a manifest with icons, and a worker on the app's origin that kept the shell
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel=manifest]')
      const body = await (await fetch(link?.href ?? '')).json() as { icons: Array<{ src: string, sizes: string, type: string }>, display: string, start_url: string }
      const icons = await Promise.all(body.icons.map(async i => ({ ...i, status: (await fetch(i.src)).status })))
      return { ...body, icons }
    })
    expect(manifest.display).toBe('standalone')
    expect(manifest.icons.filter(i => i.type === 'image/png').map(i => [i.sizes, i.status])).toEqual([['192x192', 200], ['512x512', 200], ['512x512', 200]])
    const kept = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready
      // the worker precaches at install; wait for the app page itself to be in its cache
      for (;;) {
        const cached = await caches.match('/')
        if (cached != null) return { scope: registration.scope, html: (await cached.text()).includes('<iparo-app') }
        await new Promise(resolve => { setTimeout(resolve, 50) })
      }
    })
    expect(kept).toEqual({ scope: node.url, html: true })
    // what Chromium itself says stands between the app and installing it
    const cdp = await first.context.newCDPSession(page)
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors') as { installabilityErrors: Array<{ errorId: string }> }
    expect(installabilityErrors.map(e => e.errorId)).toEqual([])
    await first.context.close()

    const second = await relaunchWithoutNode(first.profile, node)
    try {
      const requests = recordRequests(second.context)
      const offline = await second.context.newPage()
      await offline.setViewportSize({ width: 1280, height: 800 })
      await openApp(offline, node.url, '#/')
      await offline.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).waitFor()
      await offline.locator('archive-home').getByText(/does not answer \(offline\?\)/).waitFor()
      await screenshots(offline, 'offline-home')
      // the archive seen before: its manifest and page list come from the replay origin's cache
      await offline.locator('archive-home').getByRole('link', { name: 'iana' }).first().click()
      await offline.getByRole('heading', { name: 'iana', level: 1 }).waitFor()
      await offline.locator('page-list a.row').first().waitFor()
      await requests.settled()
      const appFiles = requests.seen.filter(r => !r.byWorker && new URL(r.url).origin === new URL(node.url).origin && !r.url.includes('/api/'))
      expect(appFiles.length).toBeGreaterThan(2)
      for (const r of appFiles) expect({ url: r.url, sw: r.fromServiceWorker, ok: r.status === 200 }).toEqual({ url: r.url, sw: true, ok: true })
    } finally {
      await second.context.close()
    }
  })
})
