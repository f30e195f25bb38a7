import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch } from './support/browser.ts'
import { NOTES, openNotes } from './support/memento-notes.ts'
import { FIXTURES, fresh, iparo, serve, type Served } from './support/iparo-process.ts'
import { shownMemento } from './support/replay-view.ts'

/** A note made in the app on one memento is published with the archive, and a fresh browser that opens the archive sees it. */
let node: Served
let data: string
const HASH = '#/five/20140114100000/http://memento.us/'
// untrusted text: markup in it must stay text
const TEXT = 'Seen <b>here</b> & <img src=x onerror=alert(1)>\nsecond line'

interface TimeMap { mementos: { list: Array<{ datetime: string, cid: string, annotations?: Array<{ cid: string, uri: string }> }> } }

beforeAll(async () => {
  data = fresh()
  const ingest = await iparo(['ingest', `${FIXTURES}ipwb/5mementos.warc`, '--archive', 'five', '--data', data])
  if (ingest.code !== 0) throw new Error(ingest.stderr)
  node = await serve(data)
}, 120_000)
afterAll(async () => { await node?.stop() })

async function timemap (): Promise<TimeMap> {
  return await (await fetch(`${node.url}five/timemap/json/http://memento.us/`)).json() as TimeMap
}

describe('notes on mementos', () => {
  it('a note saved in one browser is listed in a fresh one, as text', async () => {
    const cid = (await timemap()).mementos.list.find(m => m.datetime === '2014-01-14T10:00:00Z')?.cid ?? ''
    expect(cid).toMatch(/^bafy/)

    const first = await launch()
    try {
      const page = await first.context.newPage()
      await page.goto(`${node.url}${HASH}`)
      await shownMemento(page, 'five', '20140114100000', 'http://memento.us/')
      await openNotes(page, cid, 0)
      expect(await page.getAttribute(NOTES.panel, 'data-writable')).toBe('yes')
      await page.fill(NOTES.text, TEXT)
      await page.click(NOTES.save)
      await page.waitForSelector(`${NOTES.status}:text("Note saved")`)
      expect(await page.locator(NOTES.noteText).allTextContents()).toEqual([TEXT])
    } finally {
      await first.context.close()
    }

    // published with the archive: the node's TimeMap links it from that memento only
    const listed = (await timemap()).mementos.list
    expect(listed.filter(m => m.annotations != null).map(m => m.cid)).toEqual([cid])
    const annotation = listed.find(m => m.cid === cid)?.annotations?.[0]?.cid ?? ''

    const second = await launch()
    try {
      const page = await second.context.newPage()
      await page.goto(`${node.url}${HASH}`)
      await shownMemento(page, 'five', '20140114100000', 'http://memento.us/')
      await openNotes(page, cid, 1)
      expect(await page.locator(NOTES.noteText).allTextContents()).toEqual([TEXT])
      expect(await page.getAttribute(`${NOTES.notes}`, 'data-cid')).toBe(annotation)
      // markup in a note is never parsed: no element was made from it
      expect(await page.locator(`${NOTES.noteText} b, ${NOTES.noteText} img`).count()).toBe(0)
    } finally {
      await second.context.close()
    }
  })

  it('the replay origin cannot write a note', async () => {
    const cid = (await timemap()).mementos.list[0]?.cid ?? ''
    const r = await fetch(`${node.url}api/v1/archives/five/annotations`, {
      method: 'POST',
      headers: { Origin: new URL(node.replayUrl).origin, 'Content-Type': 'application/json' },
      body: JSON.stringify({ target: cid, text: 'forged' })
    })
    expect(r.status).toBe(403)
  })

  it('a node whose archived pages share the app origin lists the notes and says why it cannot save', async () => {
    await node.stop()
    node = await serve(data, ['--replay-port', 'none'])
    const cid = (await timemap()).mementos.list.find(m => m.datetime === '2014-01-14T10:00:00Z')?.cid ?? ''
    const browser = await launch()
    try {
      const page = await browser.context.newPage()
      await page.goto(`${node.url}${HASH}`)
      await shownMemento(page, 'five', '20140114100000', 'http://memento.us/')
      await openNotes(page, cid, 1)
      expect(await page.getAttribute(NOTES.panel, 'data-writable')).toBe('no')
      expect(await page.textContent(NOTES.readonly)).toMatch(/--replay-port none/)
      expect(await page.locator(NOTES.text).count()).toBe(0)
      expect(await page.locator(NOTES.noteText).allTextContents()).toEqual([TEXT])
    } finally {
      await browser.context.close()
    }
  })
})
