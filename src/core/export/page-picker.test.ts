import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { MemoryBlockStore } from '../blocks.ts'
import type { IparoHeader } from '../iparo/iparo-header.ts'
import { UrlMap, type UrlEntry } from '../url-map/url-map.ts'
import { PagePicker } from './page-picker.ts'

const head = CID.parse('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')
const entry = (url: string, page?: true): UrlEntry => ({ url, head, first: '2020-01-01T00:00:00Z', last: '2020-01-01T00:00:00Z', count: 1, ...(page === true ? { page } : {}) })
const memento = (uri: string, mime: string, status = 200): IparoHeader => ({
  iparo: 1, type: 'memento', uri, datetime: '2020-01-01T00:00:00Z', status, mime, method: 'GET', title: `t ${uri}`,
  record: { type: 'response', warc: 'WARC/1.1', date: '2020-01-01T00:00:00Z' }, digests: {}, pieces: [], seq: 0, links: []
})

async function picked (entries: Array<[string, UrlEntry]>, headers: IparoHeader[]): Promise<string[]> {
  const picker = await PagePicker.open(await UrlMap.fromSorted(new MemoryBlockStore(), entries))
  const pages: string[] = []
  for (const h of headers) {
    const page = await picker.consider(h)
    if (page != null) pages.push(page.url)
  }
  return pages
}

describe('WACZ pages', () => {
  const headers = [memento('http://a.example/', 'text/html'), memento('http://a.example/x.css', 'text/css'), memento('http://b.example/', 'text/html', 404)]

  it('are the URLs the archive marks as pages', async () => {
    expect(await picked([['example,a)/x.css', entry('http://a.example/x.css', true)], ['example,b)/', entry('http://b.example/')]], headers)).toEqual(['http://a.example/x.css'])
  })

  it('are the text/html 200 captures when the archive marks none', async () => {
    expect(await picked([['example,a)/', entry('http://a.example/')]], headers)).toEqual(['http://a.example/'])
  })
})
