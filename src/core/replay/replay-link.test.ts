import { describe, expect, it } from 'vitest'
import { gatewayLink, ipfsLink, parseReplayTarget, replayLink, replayPath } from './replay-link.ts'

describe('replay deep links', () => {
  it('reads the hash routes with and without a datetime, and round-trips them', () => {
    const t = { archive: 'five', datetime: '20130202100000', url: 'http://memento.us/?a=1' }
    expect(parseReplayTarget('#/five/20130202100000/http://memento.us/?a=1')).toEqual(t)
    expect(parseReplayTarget(`#${encodeURIComponent(replayPath(t))}`)).toEqual(t)
    expect(parseReplayTarget(new URL(replayLink('http://127.0.0.1:8420/some/#/old', t)).hash)).toEqual(t)
    expect(replayLink('http://127.0.0.1:8420/', t)).toBe('http://127.0.0.1:8420/#/five/20130202100000/http://memento.us/?a=1')
    expect(parseReplayTarget('#/k51abc/http://memento.us/')).toEqual({ archive: 'k51abc', datetime: '', url: 'http://memento.us/' })
    expect(replayPath({ archive: 'a', datetime: '', url: 'http://x/' })).toBe('/a/http://x/')
  })

  it('reads a frame URI-M with a modifier as the page it shows', () => {
    expect(parseReplayTarget('/iana/20140126200825mp_/http://www.iana.org/domains')).toEqual({ archive: 'iana', datetime: '20140126200825', url: 'http://www.iana.org/domains' })
    expect(parseReplayTarget('/a/2013/http://x/')).toEqual({ archive: 'a', datetime: '2013', url: 'http://x/' })
  })

  it('is undefined for routes that are not a replay', () => {
    for (const hash of ['', '#', '#/', '#/five', '#/five/', '#/five/2013/', 'five/http://x/', '#%E0%A4%A']) expect(parseReplayTarget(hash)).toBeUndefined()
  })

  it('builds ipfs:// and public gateway links from a host or an origin', () => {
    expect(ipfsLink('bafyabc')).toBe('ipfs://bafyabc')
    expect(gatewayLink('ipfs.io', 'bafyabc')).toBe('https://ipfs.io/ipfs/bafyabc')
    expect(gatewayLink('http://127.0.0.1:8080//', 'bafyabc')).toBe('http://127.0.0.1:8080/ipfs/bafyabc')
  })
})
