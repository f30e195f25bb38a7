import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openEmbeddedStore, type EmbeddedStore } from '../embedded-store.ts'
import { PinStore } from '../pins/pin-store.ts'
import { TokenStore } from '../tokens/token-store.ts'
import { PinningHandler } from './pinning-handler.ts'

const BASE = 'http://127.0.0.1:8420/pinning'
const DELEGATE = '/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWGzh9ZbCWkEnpE6hgAxH9nPX4Dm3aJ1AzeqQdBNzu4VZ6'
const cidOf = async (text: string): Promise<string> => CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode(text))).toString()

let store: EmbeddedStore
let pins: PinStore
let handler: PinningHandler
let token: string
let changes: number

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iparo-pinning-'))
  store = await openEmbeddedStore(dir)
  pins = new PinStore(store)
  const tokens = new TokenStore(dir)
  token = (await tokens.create()).token
  changes = 0
  handler = new PinningHandler({ pins, tokens, delegates: () => [DELEGATE], onChange: () => { changes++ } })
})
afterEach(async () => { await store.close() })

async function call (method: string, path: string, body?: unknown, auth: string | null = `Bearer ${token}`): Promise<{ status: number, json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads arbitrary JSON answers
  const url = `${BASE}${path}`
  const headers: Record<string, string> = body != null ? { 'content-type': 'application/json' } : {}
  if (auth != null) headers.authorization = auth
  const request = new Request(url, { method, headers, body: body == null ? undefined : typeof body === 'string' ? body : JSON.stringify(body) })
  expect(handler.canHandle(request, new URL(url))).toBe(true)
  const response = await handler.handle(request, new URL(url))
  const text = await response.text()
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text) }
}

describe('PinningHandler', () => {
  it('401 with the spec\'s Failure body for a missing, malformed or unknown token', async () => {
    for (const auth of [null, 'Basic eDp5', 'Bearer purposefullyInvalid']) {
      const { status, json } = await call('GET', '/pins', undefined, auth)
      expect(status).toBe(401)
      expect(json).toEqual({ error: { reason: 'UNAUTHORIZED', details: expect.any(String) } })
    }
    expect((await call('POST', '/pins', { cid: await cidOf('a') }, null)).status).toBe(401)
    expect(await pins.list()).toEqual([])
  })

  it('POST /pins → 202 queued PinStatus with delegates; GET by requestid → 200', async () => {
    const cid = await cidOf('a')
    const meta = { app_id: 'x' }
    const origins = ['/ip4/127.0.0.1/tcp/1234/p2p/12D3KooWGzh9ZbCWkEnpE6hgAxH9nPX4Dm3aJ1AzeqQdBNzu4VZ6']
    const posted = await call('POST', '/pins', { cid, name: 'n', origins, meta })
    expect(posted.status).toBe(202)
    expect(posted.json).toMatchObject({ status: 'queued', pin: { cid, name: 'n', origins, meta }, delegates: [DELEGATE], info: {} })
    expect(Number.isNaN(Date.parse(posted.json.created))).toBe(false)
    expect(changes).toBe(1)
    const got = await call('GET', `/pins/${posted.json.requestid as string}`)
    expect(got).toEqual({ status: 200, json: posted.json })
  })

  it('refuses bad pins with 400 BAD_REQUEST', async () => {
    const bad = ['not json', [], {}, { cid: 'nope' }, { cid: await cidOf('a'), name: 'x'.repeat(256) }, { cid: await cidOf('a'), origins: ['not a multiaddr'] },
      { cid: await cidOf('a'), origins: 'x' }, { cid: await cidOf('a'), meta: { a: 1 } }]
    for (const body of bad) {
      const { status, json } = await call('POST', '/pins', body)
      expect(status, JSON.stringify(body)).toBe(400)
      expect(json.error.reason).toBe('BAD_REQUEST')
    }
  })

  it('lists newest first; default limit 10, limit 1..1000; count is every match', async () => {
    const made = []
    for (let i = 0; i < 12; i++) made.push((await call('POST', '/pins', { cid: await cidOf(`p${i}`) })).json.requestid as string)
    const all = await call('GET', '/pins?status=queued,pinning,pinned,failed')
    expect(all.json.count).toBe(12)
    expect(all.json.results.map((r: { requestid: string }) => r.requestid)).toEqual(made.slice().reverse().slice(0, 10))
    expect((await call('GET', '/pins?status=queued&limit=1000')).json.results).toHaveLength(12)
    expect((await call('GET', '/pins?status=queued&limit=3')).json.results).toHaveLength(3)
    for (const limit of ['0', '1001', 'x', '2.5']) expect((await call('GET', `/pins?limit=${limit}`)).status).toBe(400)
  })

  it('pages with before (and after) on created', async () => {
    for (let i = 0; i < 15; i++) await call('POST', '/pins', { cid: await cidOf(`p${i}`) })
    const first = (await call('GET', '/pins?status=queued')).json
    const oldest = first.results[first.results.length - 1].created as string
    const second = (await call('GET', `/pins?status=queued&before=${encodeURIComponent(oldest)}`)).json
    expect(second.count).toBe(5)
    const ids = new Set([...first.results, ...second.results].map((r: { requestid: string }) => r.requestid))
    expect(ids.size).toBe(15)
    const newer = (await call('GET', `/pins?after=${encodeURIComponent(oldest)}`)).json
    expect(newer.count).toBe(9)
    expect((await call('GET', '/pins?before=yesterday')).status).toBe(400)
  })

  it('without any filter only pinned pins are listed; with one, every status', async () => {
    const a = (await call('POST', '/pins', { cid: await cidOf('a'), name: 'alpha' })).json
    const b = (await call('POST', '/pins', { cid: await cidOf('b') })).json
    await pins.update(b.requestid as string, { status: 'pinned' })
    expect((await call('GET', '/pins')).json.results.map((r: { requestid: string }) => r.requestid)).toEqual([b.requestid])
    expect((await call('GET', '/pins?name=alpha')).json.results.map((r: { requestid: string }) => r.requestid)).toEqual([a.requestid])
    expect((await call('GET', '/pins?status=failed')).json).toEqual({ count: 0, results: [] })
    expect((await call('GET', '/pins?status=lost')).status).toBe(400)
  })

  it('filters by name with each matching strategy, by cid, and by meta', async () => {
    const cid = await cidOf('x')
    await call('POST', '/pins', { cid, name: 'Crawl-2024', meta: { app: 'iparo', k: 'v' } })
    await call('POST', '/pins', { cid: await cidOf('y'), name: 'other', meta: { app: 'else' } })
    const names = async (q: string): Promise<string[]> => (await call('GET', `/pins?${q}`)).json.results.map((r: { pin: { name: string } }) => r.pin.name)
    expect(await names('name=Crawl-2024')).toEqual(['Crawl-2024'])
    expect(await names('name=crawl-2024')).toEqual([])
    expect(await names('name=crawl-2024&match=iexact')).toEqual(['Crawl-2024'])
    expect(await names('name=rawl&match=partial')).toEqual(['Crawl-2024'])
    expect(await names('name=RAWL&match=partial')).toEqual([])
    expect(await names('name=RAWL&match=ipartial')).toEqual(['Crawl-2024'])
    expect((await call('GET', '/pins?name=x&match=fuzzy')).status).toBe(400)
    expect(await names(`cid=${cid}`)).toEqual(['Crawl-2024'])
    expect(await names(`cid=${cid},${await cidOf('y')}`)).toEqual(['other', 'Crawl-2024'])
    expect((await call('GET', '/pins?cid=notacid')).status).toBe(400)
    expect(await names(`meta=${encodeURIComponent('{"app":"iparo"}')}`)).toEqual(['Crawl-2024'])
    expect(await names('meta%5Bapp%5D=else')).toEqual(['other'])
    expect(await names(`meta=${encodeURIComponent('{"app":"iparo","k":"w"}')}`)).toEqual([])
    expect((await call('GET', '/pins?meta=%7Bbroken')).status).toBe(400)
  })

  it('POST /pins/{requestid} replaces: a new requestid, the old one gone', async () => {
    const old = (await call('POST', '/pins', { cid: await cidOf('old') })).json
    const newCid = await cidOf('new')
    const replaced = await call('POST', `/pins/${old.requestid as string}`, { cid: newCid, name: 'v2' })
    expect(replaced.status).toBe(202)
    expect(replaced.json.requestid).not.toBe(old.requestid)
    expect(replaced.json.pin).toMatchObject({ cid: newCid, name: 'v2' })
    expect((await call('GET', `/pins/${old.requestid as string}`)).status).toBe(404)
    expect((await call('GET', `/pins/${replaced.json.requestid as string}`)).status).toBe(200)
    expect((await call('POST', `/pins/${old.requestid as string}`, { cid: newCid })).status).toBe(404)
  })

  it('DELETE → 202 without a body, then 404 NOT_FOUND', async () => {
    const pin = (await call('POST', '/pins', { cid: await cidOf('d') })).json
    expect(await call('DELETE', `/pins/${pin.requestid as string}`)).toEqual({ status: 202, json: undefined })
    const again = await call('DELETE', `/pins/${pin.requestid as string}`)
    expect(again.status).toBe(404)
    expect(again.json.error.reason).toBe('NOT_FOUND')
    expect((await call('GET', '/pins/%E0%A4%A')).status).toBe(404)
  })

  it('unknown resources are 404 and other methods 405, as JSON', async () => {
    expect((await call('GET', '/other')).json.error.reason).toBe('NOT_FOUND')
    const put = await call('PUT', '/pins')
    expect(put.status).toBe(405)
    expect(put.json.error.reason).toBe('METHOD_NOT_ALLOWED')
  })
})
