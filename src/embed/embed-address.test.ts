import { describe, expect, it } from 'vitest'
import { parseRoute } from '../app/app-route.ts'
import { embedAddress } from './embed-address.ts'

const PAGE = new URL('http://127.0.0.1:8420/embed.html')

describe('embedAddress', () => {
  it('names the memento as the app route does, the latest when no datetime is given', () => {
    const exact = embedAddress(PAGE, 'iana', 'http://www.iana.org/', '20140126200624')
    expect(exact).toBe('http://127.0.0.1:8420/embed.html#/iana/20140126200624/http://www.iana.org/')
    expect(parseRoute(new URL(exact ?? '').hash)).toEqual({ view: 'replay', archive: 'iana', datetime: '20140126200624', url: 'http://www.iana.org/' })
    const latest = embedAddress(PAGE, 'k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8', 'http://www.iana.org/domains/root?x=1')
    expect(latest).toBe('http://127.0.0.1:8420/embed.html#/k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8/http://www.iana.org/domains/root?x=1')
  })

  it('refuses what cannot name one memento', () => {
    expect(embedAddress(PAGE, '', 'http://a/')).toBeUndefined()
    expect(embedAddress(PAGE, 'iana', '')).toBeUndefined()
    expect(embedAddress(PAGE, 'ia/na', 'http://a/')).toBeUndefined()
    expect(embedAddress(PAGE, 'iana', 'http://a/', '2014 01')).toBeUndefined()
  })
})
