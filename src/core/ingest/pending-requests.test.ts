import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import type { Capture, RequestCapture } from './capture.ts'
import { PendingRequests, type PendingRequest } from './pending-requests.ts'

const piece = { cid: CID.parse('bafkreig3uulgvwo3toterqidf255gtonbuefwuachobz55ogrsq5xe5fmm'), length: 4, tsize: 4 }

function request (id: string | undefined, concurrentTo: string[], uri = 'http://a/', date = '2020-01-01T00:00:00Z'): PendingRequest {
  const r: RequestCapture = { id, concurrentTo, uri, date, method: 'GET', body: undefined, piece, redacted: [] }
  return { request: r, at: 1 }
}

function capture (id: string | undefined, concurrentTo: string[], uri = 'http://a/', date = '2020-01-01T00:00:00Z'): Capture {
  return { uri, warc: { id, concurrentTo, date } } as unknown as Capture
}

describe('PendingRequests', () => {
  it('pairs by the response ID in the request, a request ID in the response, else URI and date, in that order', () => {
    const pending = new PendingRequests()
    const byConcurrent = request('<req-1>', ['<resp-1>'], 'http://other/')
    const byId = request('<req-2>', [], 'http://other/')
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
    expect(pending.take(capture(undefined, [], 'http://a/'))).toBe(r.request)
    expect(pending.take(capture('<resp-1>', ['<req-1>']))).toBeUndefined()
    expect(pending.expire(r)).toBe(false)
  })

  it('lets a later request take a way over, and expires only what is still its own', () => {
    const pending = new PendingRequests()
    const first = request('<req-1>', [])
    const second = request('<req-2>', [])
    pending.add(first)
    pending.add(second) // same URI and date: the second takes that way over
    expect(pending.expire(first)).toBe(true) // its ID was still its own
    expect(pending.take(capture(undefined, []))).toBe(second.request)
    expect(pending.expire(second)).toBe(false)
  })
})
