import { describe, expect, it } from 'vitest'
import { callUrl, isCallMessage, parseCall } from './worker-call.ts'

const REPLAY = 'http://127.0.0.1:8421'
const settings = { gateways: ['http://127.0.0.1:8421'], routers: ['http://127.0.0.1:8421'], quotaBytes: 1 << 29 }
const IPNS = 'k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8'

describe('a call to the worker', () => {
  it('travels in its URL and is read back in its exact shape', () => {
    const envelope = { id: 'c1', call: { type: 'save' as const, page: '/iana/2014/http://www.iana.org/' }, settings, names: { iana: IPNS } }
    const url = new URL(callUrl(REPLAY, envelope))
    expect(url.origin + url.pathname).toBe(`${REPLAY}/sw/call`)
    expect(parseCall(url)).toEqual(envelope)
    expect(parseCall(new URL(callUrl(REPLAY, { id: 'c2', call: { type: 'stats' } })))).toEqual({ id: 'c2', call: { type: 'stats' } })
  })

  it('is refused whole when any part is off', () => {
    const off = [
      { id: 'c', call: { type: 'format-disk' } },
      { id: 7, call: { type: 'stats' } },
      { id: 'c', call: { type: 'stats' }, settings: { ...settings, gateways: ['javascript:alert(1)'] } },
      { id: 'c', call: { type: 'stats' }, settings: { ...settings, quotaBytes: -1 } },
      { id: 'c', call: { type: 'stats' }, names: { iana: 'http://evil.example/' } },
      { id: 'c', call: { type: 'fetch', path: 'https://evil.example/' } }
    ]
    for (const envelope of off) {
      const url = new URL('/sw/call', REPLAY)
      url.searchParams.set('c', JSON.stringify(envelope))
      expect(parseCall(url)).toBeUndefined()
    }
    expect(parseCall(new URL('/sw/call?c={not json', REPLAY))).toBeUndefined()
    expect(parseCall(new URL('/sw/other?c={}', REPLAY))).toBeUndefined()
  })

  it('answers are told from other messages', () => {
    expect(isCallMessage({ iparoCall: 'c1', final: true, reply: { type: 'stats' } })).toBe(true)
    expect(isCallMessage({ type: 'navigated', page: '/x' })).toBe(false)
    expect(isCallMessage({ iparoCall: 'c1', reply: { type: 'stats' } })).toBe(false)
  })
})
