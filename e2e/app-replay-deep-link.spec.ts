import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch } from './support/browser.ts'
import { openShare, SHARE } from './support/app-page.ts'
import { FIXTURES, fresh, iparo, serve, type Served } from './support/iparo-process.ts'
import { shownMemento, VIEW, viewText } from './support/replay-view.ts'

/** The address bar is the share link: opened in a fresh browser, it restores archive, URL and datetime; the share buttons' links. */
let node: Served

beforeAll(async () => {
  const data = fresh()
  const ingest = await iparo(['ingest', `${FIXTURES}ipwb/5mementos.warc`, '--archive', 'five', '--data', data])
  if (ingest.code !== 0) throw new Error(ingest.stderr)
  node = await serve(data)
}, 120_000)
afterAll(async () => { await node?.stop() })

describe('deep links', () => {
  it('a replay link copied in one browser restores the same view in a fresh one', async () => {
    const first = await launch()
    let shared: string
    let cid: string
    let ipns: string
    try {
      const page = await first.context.newPage()
      await page.goto(`${node.url}#/five/20130202100000/http://memento.us/`)
      await shownMemento(page, 'five', '20130202100000', 'http://memento.us/')
      await page.click(`${VIEW} #next`)
      await shownMemento(page, 'five', '20140114100000', 'http://memento.us/')
      await openShare(page)
      // the address bar names the local archive; the shared link names its IPNS name, which resolves anywhere
      const list = await (await fetch(`${node.url}api/v1/archives`)).json() as { archives: Array<{ name: string, ipns: string }> }
      ipns = list.archives.find(a => a.name === 'five')?.ipns ?? ''
      expect(page.url()).toBe(`${node.url}#/five/20140114100000/http://memento.us/`)
      shared = await page.inputValue(SHARE.link)
      expect(shared).toBe(`${node.url}#/${ipns}/20140114100000/http://memento.us/`)
      // the memento's IPARO, as the node's own TimeMap names it
      const timemap = await (await fetch(`${node.url}five/timemap/json/http://memento.us/`)).json() as { mementos: { list: Array<{ datetime: string, cid: string }> } }
      cid = timemap.mementos.list.find(m => m.datetime === '2014-01-14T10:00:00Z')?.cid ?? ''
      expect(cid).toMatch(/^bafy/)
      expect(await page.inputValue(SHARE.ipfs)).toBe(`ipfs://${cid}`)
      // neither announced nor pinned: no gateway link (e2e/app-share-links.spec.ts); the gateway is still a setting
      expect(await page.locator(SHARE.gateway).count()).toBe(0)
      await page.fill(`${VIEW} #gateway`, 'dweb.link')
      await page.press(`${VIEW} #gateway`, 'Enter')
      expect(await page.inputValue(`${VIEW} #gateway`)).toBe('dweb.link')
    } finally {
      await first.context.close()
    }

    const second = await launch()
    try {
      const page = await second.context.newPage()
      await page.goto(shared)
      await shownMemento(page, ipns, '20140114100000', 'http://memento.us/')
      expect(await viewText(page, '#memento-datetime')).toBe('2014-01-14 10:00:00 UTC')
      expect(await page.inputValue(`${VIEW} #url`)).toBe('http://memento.us/')
      expect(await page.inputValue(`${VIEW} #archive`)).toBe(ipns)
      expect(await page.inputValue(`${VIEW} #when`)).toBe('2014-01-14 10:00:00')
      // the gateway is a setting of the first browser only
      await openShare(page)
      expect(await page.inputValue(`${VIEW} #gateway`)).toBe('https://ipfs.io')

      // a link with a coarse datetime lands on the closest capture, and the address bar then names it exactly
      await page.goto(`${node.url}#/five/2014/http://memento.us/`)
      await shownMemento(page, 'five', '20140114100000', 'http://memento.us/')
      // a link to a URL the archive lacks says so
      await page.goto(`${node.url}#/five/2014/http://memento.us/missing`)
      await shownMemento(page, 'five', '2014', 'http://memento.us/missing', 'not-archived')
    } finally {
      await second.context.close()
    }
  })
})
