import { describe, expect, it } from 'vitest'
import type { PageRow, PagesReply } from '../core/replay/archive-api-handler.ts'
import { SortedPageSource } from './sorted-page-source.ts'

const row = (key: string, url: string): PageRow => ({ key, url, first: '20200101000000', last: '20200101000000', count: 1, type: 'page' })

/** The archive's own key order: reversed host (SURT), so `net` comes before `us`. */
const KEYED = [
  row('net,example,b)/', 'http://b.example.net/'),
  row('net,example,b)/z', 'http://b.example.net/z'),
  row('us,example,a)/', 'https://a.example.us/')
]

describe('sorting pages by host as people read it', () => {
  it('puts a.example.us before b.example.net, each host by path', async () => {
    const reply: PagesReply = { pages: KEYED, total: KEYED.length, offset: 0 }
    const source = new SortedPageSource(async () => reply, 'a', 'host', {})
    await new Promise(resolve => { source.addEventListener('change', resolve, { once: true }) })
    expect([0, 1, 2].map(i => source.rowAt(i)?.url)).toEqual(['https://a.example.us/', 'http://b.example.net/', 'http://b.example.net/z'])
  })
})
