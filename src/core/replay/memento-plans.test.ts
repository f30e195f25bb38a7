import { describe, expect, it } from 'vitest'
import { ingestBytes } from '../archive/archive-test-support.ts'
import { MemoryBlockStore } from '../blocks.ts'
import { MementoPlans } from './memento-plans.ts'
import { ReplayHandler } from './replay-handler.ts'
import { handlerFetch, responseRecord } from './replay-test-support.ts'

const BODY = 'the archived body, long enough to find in its block'
const warc = (body: string): Uint8Array => responseRecord('http://example.com/', '2020-01-01T00:00:00Z', 'HTTP/1.1 200 OK\r\nContent-Type: text/plain', body)

/** A handler whose locator answers with whatever root `current` holds now (a new ingest moves it). */
async function node (store: MemoryBlockStore, body: string): Promise<{ get: (path: string, init?: RequestInit) => Promise<Response>, ingest: (body: string) => Promise<void> }> {
  let current = (await ingestBytes(store, warc(body))).rootCid
  const handler = new ReplayHandler({ blocks: store, locator: { async locate () { return current } } })
  return {
    get: handlerFetch(handler),
    async ingest (next) { current = (await ingestBytes(store, warc(next))).rootCid }
  }
}

const headersOf = (r: Response): Array<[string, string]> => [...r.headers]

describe('memento plans', () => {
  it('answers a repeated read of a URI-M as the first, fields and body', async () => {
    const { get } = await node(new MemoryBlockStore(), BODY)
    const first = await get('/a/20200101000000/http://example.com/')
    const again = await get('/a/20200101000000/http://example.com/')
    expect(first.status).toBe(200)
    expect(again.status).toBe(200)
    expect(headersOf(again)).toEqual(headersOf(first))
    expect(await again.text()).toBe(await first.text())
    // a range of a planned read is cut from the body read now
    const part = await get('/a/20200101000000id_/http://example.com/', { headers: { Range: 'bytes=4-11' } })
    expect(part.status).toBe(206)
    expect(await part.text()).toBe(BODY.slice(4, 12))
  })

  it('reads and verifies the body on every read: a block corrupted after the first read fails the next', async () => {
    const store = new MemoryBlockStore()
    const { get } = await node(store, BODY)
    expect(await (await get('/a/20200101000000/http://example.com/')).text()).toBe(BODY)
    const needle = new TextEncoder().encode('long enough')
    for (const [key, bytes] of store.blocks) {
      const at = Buffer.from(bytes).indexOf(Buffer.from(needle))
      if (at < 0) continue
      const bad = Uint8Array.from(bytes)
      bad[at] = 'L'.charCodeAt(0)
      store.blocks.set(key, bad)
    }
    const r = await get('/a/20200101000000/http://example.com/')
    expect(r.status).toBe(502)
    expect(await r.text()).toMatch(/BlockVerificationError|verif/i)
  })

  it('answers from the new root after an ingest moves the archive', async () => {
    const store = new MemoryBlockStore()
    const { get, ingest } = await node(store, BODY)
    expect(await (await get('/a/20200101000000/http://example.com/')).text()).toBe(BODY)
    await ingest('another body, in another archive root')
    expect(await (await get('/a/20200101000000/http://example.com/')).text()).toBe('another body, in another archive root')
  })

  it('keeps at most its limit, the least recently used going first', () => {
    const plans = new MementoPlans(2)
    const plan = (location: string) => ({ kind: 'redirect' as const, location })
    plans.set('a', plan('/a'))
    plans.set('b', plan('/b'))
    expect(plans.get('a')).toEqual(plan('/a'))
    plans.set('c', plan('/c'))
    expect(plans.get('b')).toBeUndefined()
    expect(plans.get('a')).toEqual(plan('/a'))
    expect(plans.get('c')).toEqual(plan('/c'))
  })
})
