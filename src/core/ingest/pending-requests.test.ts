import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import type { Capture, RequestCapture } from './capture.ts'
import { PendingRequests, type PendingRequest } from './pending-requests.ts'

const piece = { cid: CID.parse('bafkreig3uulgvwo3toterqidf255gtonbuefwuachobz55ogrsq5xe5fmm'), length: 4, tsize: 4 }

interface Where { uri?: string, date?: string, file?: string }

function request (id: string | undefined, concurrentTo: string[], { uri = 'http://a/', date = '2020-01-01T00:00:00Z', file = 'a.warc' }: Where = {}, method = 'GET'): PendingRequest {
  const r: RequestCapture = { file, id, concurrentTo, uri, date, method, body: undefined, piece, redacted: [] }
  return { request: r, at: 1 }
}

function capture (id: string | undefined, concurrentTo: string[], { uri = 'http://a/', date = '2020-01-01T00:00:00Z', file = 'a.warc' }: Where = {}): Capture {
  return { file, uri, warc: { id, concurrentTo, date } } as unknown as Capture
}

describe('PendingRequests', () => {
  it('pairs by the response ID in the request, a request ID in the response, else URI and date, in that order', () => {
    const pending = new PendingRequests()
    const byConcurrent = request('<req-1>', ['<resp-1>'], { date: '2020-01-01T00:00:01Z' })
    const byId = request('<req-2>', [], { date: '2020-01-01T00:00:02Z' })
    const byAt = request(undefined, [])
    for (const r of [byConcurrent, byId, byAt]) pending.add(r)
    // this response could match all three: its own ID wins
    expect(pending.take(capture('<resp-1>', ['<req-2>']))).toBe(byConcurrent.request)
    expect(pending.take(capture('<resp-1>', ['<req-2>']))).toBe(byId.request)
    expect(pending.take(capture('<resp-1>', ['<req-2>']))).toBe(byAt.request)
    expect(pending.take(capture('<resp-1>', ['<req-2>']))).toBeUndefined()
  })

  it('takes a request out of every way it was filed under', () => {
    const pending = new PendingRequests()
    const r = request('<req-1>', ['<resp-1>'])
    pending.add(r)
    expect(pending.take(capture(undefined, []))).toBe(r.request)
    expect(pending.take(capture('<resp-1>', ['<req-1>']))).toBeUndefined()
    expect(pending.expire(r)).toBe(false)
  })

  it('never pairs records of another file or another URL, whatever IDs they share', () => {
    const pending = new PendingRequests()
    // pywb's example.warc.gz and example-extra.warc: one request ID and concurrent ID, two URLs, two files
    const other = request('<req>', ['<resp>'], { uri: 'http://example.com?example=2', file: 'example-extra.warc' }, 'GETX')
    const sameUrlOtherFile = request('<req>', ['<resp>'], { uri: 'http://example.com?example=1', file: 'example-extra.warc' })
    pending.add(other)
    pending.add(sameUrlOtherFile)
    expect(pending.take(capture('<resp>', ['<req>'], { uri: 'http://example.com?example=1', file: 'example.warc.gz' }))).toBeUndefined()
    expect(pending.take(capture('<resp>', ['<req>'], { uri: 'http://example.com?example=1', file: 'example-extra.warc' }))).toBe(sameUrlOtherFile.request)
    expect(pending.take(capture('<resp>', ['<req>'], { uri: 'http://example.com?example=2', file: 'example-extra.warc' }))).toBe(other.request)
  })

  it('takes the same URL spelled another way (one key), not another URL', () => {
    const pending = new PendingRequests()
    const r = request(undefined, ['<resp>'], { uri: 'http://Example.com:80/a' })
    pending.add(r)
    expect(pending.take(capture('<resp>', [], { uri: 'http://example.com/b' }))).toBeUndefined()
    expect(pending.take(capture('<resp>', [], { uri: 'http://example.com/a' }))).toBe(r.request)
  })

  it('gives requests sharing every way to responses in reading order, and expires only what is left', () => {
    const pending = new PendingRequests()
    const first = request('<req>', ['<resp>'])
    const second = request('<req>', ['<resp>'], {}, 'GETX')
    const third = request('<req>', ['<resp>'])
    for (const r of [first, second, third]) pending.add(r)
    expect(pending.take(capture('<resp>', ['<req>']))).toBe(first.request)
    expect(pending.take(capture(undefined, []))).toBe(second.request)
    expect(pending.expire(first)).toBe(false)
    expect(pending.expire(third)).toBe(true)
    expect(pending.expire(third)).toBe(false)
    expect(pending.take(capture('<resp>', ['<req>']))).toBeUndefined()
  })
})
