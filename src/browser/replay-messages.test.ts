import { describe, expect, it } from 'vitest'
import { isFromReplayedPage, isToHost, isToWorker } from './replay-messages.ts'

describe('messages across the trust boundary', () => {
  it('accepts a relayed GET of a path on the replay origin only', () => {
    expect(isToHost({ type: 'fetch', id: 1, path: '/a/timemap/json/http://x/' })).toBe(true)
    for (const path of ['//evil.example/x', '/\\evil.example', 'http://evil.example/', 'x', 1]) {
      expect(isToHost({ type: 'fetch', id: 1, path })).toBe(false)
    }
    expect(isToHost({ type: 'fetch', path: '/x' })).toBe(false)
  })

  it('knows the worker messages and nothing else', () => {
    expect(isToWorker({ type: 'stats', id: 2 })).toBe(true)
    expect(isToWorker({ type: 'saved', id: 2 })).toBe(true)
    expect(isToWorker({ type: 'saved' })).toBe(false)
    expect(isToWorker({ type: 'save', id: 2, page: '/a/2020/http://x/' })).toBe(true)
    expect(isToWorker({ type: 'save', id: 2 })).toBe(false)
    expect(isToWorker({ type: 'clear-cache', id: 2 })).toBe(true)
    expect(isToWorker({ type: 'clear-cache' })).toBe(false)
    expect(isToWorker({ type: 'drop-everything', id: 2 })).toBe(false)
    expect(isToHost({ type: 'worker', message: { type: 'stats', id: 3 } })).toBe(true)
  })
})

describe('messages from a replayed page', () => {
  it('are acted on only in their exact shape', () => {
    const report = { type: 'replayed-page', page: '/a/2020mp_/http://x.org/', url: 'http://x.org/', title: 'X', datetime: '2020' }
    expect(isFromReplayedPage(report)).toBe(true)
    expect(isFromReplayedPage({ ...report, type: 'page' })).toBe(false)
    expect(isFromReplayedPage({ ...report, title: 3 })).toBe(false)
    const { url: _url, ...noUrl } = report
    expect(isFromReplayedPage(noUrl)).toBe(false)
    expect(isFromReplayedPage(null)).toBe(false)
    expect(isFromReplayedPage('replayed-page')).toBe(false)
  })
})
