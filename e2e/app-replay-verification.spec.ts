import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { askWorker, frameLoading, launch } from './support/browser.ts'
import { FIXTURES, fresh, iparo, json, serve, type Served } from './support/iparo-process.ts'
import { lyingGateway } from './support/lying-gateway.ts'
import { shownMemento, viewText } from './support/replay-view.ts'

/** A gateway that alters a memento's block: the view says the record failed verification, and shows nothing of it. */
let node: Served
let proxy: Awaited<ReturnType<typeof lyingGateway>>
let bad = ''

beforeAll(async () => {
  const data = fresh()
  const ingest = await iparo(['ingest', `${FIXTURES}ipwb/5mementos.warc`, '--archive', 'five', '--data', data])
  if (ingest.code !== 0) throw new Error(ingest.stderr)
  bad = String(json(await iparo(['resolve', 'five', 'http://memento.us/', '--at', '20140114100000', '--json', '--data', data])).cid)
  node = await serve(data)
  proxy = await lyingGateway(node.replayUrl, () => bad)
}, 120_000)
afterAll(async () => { proxy?.server.close(); await node?.stop() })

describe('a record that fails verification', () => {
  it('is named as such in the replay view (not as missing or unreachable)', async () => {
    const { context } = await launch()
    try {
      const page = await context.newPage()
      const hostLoaded = frameLoading(page, `${node.replayUrl}replay.html`)
      await page.goto(node.url)
      const host = await hostLoaded
      await host.waitForSelector('html[data-ready="true"]', { state: 'attached' })
      const { answer } = await askWorker(page, node.replayUrl, { type: 'settings' }, { gateways: [proxy.url], routers: [proxy.url] })
      expect(answer).toMatchObject({ type: 'settings', settings: { gateways: [proxy.url] } })

      await page.evaluate(() => { location.hash = '#/five/20140114100000/http://memento.us/' })
      const frame = await shownMemento(page, 'five', '20140114100000', 'http://memento.us/', 'verification')
      expect(proxy.served).toContain(bad)
      expect(await viewText(page, '.state h2')).toBe('This record failed verification')
      expect(await viewText(page, '.state p')).toContain(`BlockVerificationError: block ${bad} failed verification`)
      // what the frame holds is the worker's error answer, never the altered record
      expect(await frame.evaluate(() => document.body.textContent?.trim())).toMatch(/^502 BlockVerificationError/)
    } finally {
      await context.close()
    }
  })
})
