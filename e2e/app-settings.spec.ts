import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { askWorker, frameLoading, launch } from './support/browser.ts'
import { openApp, screenshots } from './support/app-page.ts'
import { ingestIana, serve, type Served } from './support/iparo-process.ts'

/** Settings: gateways and routers added, tested with a real request, removed; the cache cleared. */
let node: Served

beforeAll(async () => {
  node = await serve(await ingestIana())
}, 120_000)
afterAll(async () => { await node.stop() })

/** A port on 127.0.0.1 that nothing listens on (taken, then released). */
async function closedPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise(resolve => server.close(resolve))
  if (address == null || typeof address === 'string') throw new Error('no port')
  return address.port
}

describe('settings', () => {
  it('adds, tests and removes gateways, and clears the cache without touching what was saved', async () => {
    const replay = node.replayUrl.replace(/\/$/, '')
    const app = node.url.replace(/\/$/, '')
    const dead = `http://127.0.0.1:${await closedPort()}`
    const { context } = await launch()
    try {
      const page = await context.newPage()
      await page.setViewportSize({ width: 1280, height: 800 })
      await openApp(page, node.url, '#/app/settings')
      const gateways = page.locator('endpoint-list#gateways')
      // the serving node is the default gateway
      await gateways.locator(`li[data-url="${replay}"]`).waitFor()

      await gateways.getByLabel('Add a gateway URL').fill(dead)
      await gateways.getByRole('button', { name: 'Add' }).click()
      await gateways.getByLabel('Add a gateway URL').fill(`${app}/`)
      await gateways.getByRole('button', { name: 'Add' }).click()
      await gateways.locator(`li[data-url="${app}"]`).waitFor()
      await page.getByText('Gateways saved.').waitFor()
      const { answer } = await askWorker(page, node.replayUrl, { type: 'settings' })
      expect(answer).toMatchObject({ type: 'settings', settings: { gateways: [replay, dead, app] } })

      await gateways.getByRole('button', { name: `Test ${dead}` }).click()
      await gateways.locator(`li[data-url="${dead}"] .result.bad`).getByText(/^Not reachable/).waitFor()
      await gateways.getByRole('button', { name: `Test ${app}` }).click()
      // the node serves the probe (an inlined block every gateway can answer), over HTTP with CORS
      await gateways.locator(`li[data-url="${app}"] .result.ok`).getByText(/^Reachable: HTTP 200 in \d+ ms$/).waitFor()
      const routers = page.locator('endpoint-list#routers')
      await routers.getByRole('button', { name: `Test ${replay}` }).click()
      await routers.locator(`li[data-url="${replay}"] .result.ok`).getByText(/^Reachable: HTTP \d+/).waitFor()

      // bad input is refused with a sentence, and nothing is added
      await gateways.getByLabel('Add a gateway URL').fill('ftp://127.0.0.1/')
      await gateways.getByRole('button', { name: 'Add' }).click()
      await gateways.getByRole('alert').getByText(/is not an http:\/\/ or https:\/\/ URL/).waitFor()

      await gateways.getByRole('button', { name: `Remove ${dead}` }).click()
      await gateways.locator(`li[data-url="${dead}"]`).waitFor({ state: 'detached' })
      await page.reload()
      await page.waitForSelector('html[data-host="ready"]')
      await gateways.locator(`li[data-url="${app}"]`).waitFor()
      expect(await gateways.locator('li').count()).toBe(2)
      await screenshots(page, 'settings')

      // fill the cache, save one page for offline, clear: only the saved blocks stay
      const saved = await askWorker(page, node.replayUrl, { type: 'save', page: '/iana/20140126200706/http://www.iana.org/about' })
      expect(saved.answer).toMatchObject({ type: 'save-done', failed: [] })
      // another page replayed: its blocks are cached, not saved
      const home = '/iana/20140126200624/http://www.iana.org/'
      const loaded = frameLoading(page, new URL(home, node.replayUrl).href)
      await page.goto(`${node.url}#${home}`)
      await loaded
      await page.goto(`${node.url}#/app/settings`)
      await page.waitForSelector('html[data-host="ready"]')
      const bytes = page.locator('#cache-stats dd[data-bytes]')
      const savedBytes = Number(await page.locator('#cache-stats dd[data-saved-bytes]').getAttribute('data-saved-bytes'))
      expect(savedBytes).toBeGreaterThan(0)
      expect(Number(await bytes.getAttribute('data-bytes'))).toBeGreaterThan(savedBytes)
      await page.getByRole('button', { name: 'Clear cache' }).click()
      await page.getByText('Cache cleared; pages saved for offline were kept.').waitFor()
      expect(Number(await bytes.getAttribute('data-bytes'))).toBe(savedBytes)
      const { answer: stats } = await askWorker(page, node.replayUrl, { type: 'stats' })
      expect(stats).toMatchObject({ type: 'stats', stats: { bytes: savedBytes, savedBytes } })
    } finally {
      await context.close()
    }
  })
})
