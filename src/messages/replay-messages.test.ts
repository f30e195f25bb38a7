import { describe, expect, it } from 'vitest'
import { isFromHost, isFromReplayedPage, isToHost, isWorkerCall } from './replay-messages.ts'

describe('calls to the worker', () => {
  it('name paths on the replay origin only', () => {
    expect(isWorkerCall({ type: 'fetch', path: '/a/timemap/json/http://x/' })).toBe(true)
    for (const path of ['//evil.example/x', '/\\evil.example', 'http://evil.example/', 'x', 1, `/${'a'.repeat(70_000)}`]) {
      expect(isWorkerCall({ type: 'fetch', path })).toBe(false)
    }
    expect(isWorkerCall({ type: 'save', page: '/a/2020/http://x/' })).toBe(true)
    expect(isWorkerCall({ type: 'save' })).toBe(false)
  })

  it('are the known kinds and nothing else', () => {
    for (const type of ['settings', 'stats', 'clear-cache']) expect(isWorkerCall({ type })).toBe(true)
    expect(isWorkerCall({ type: 'drop-everything' })).toBe(false)
    // what was saved is the app's to know (src/app/owned-settings.ts), not a record archived scripts can write
    expect(isWorkerCall({ type: 'saved' })).toBe(false)
    expect(isWorkerCall(null)).toBe(false)
  })
})

describe('messages between the app and the host page', () => {
  it('the app sends only `open` of a local path', () => {
    expect(isToHost({ type: 'open', page: '/a/2020/http://x/' })).toBe(true)
    expect(isToHost({ type: 'open', page: 'https://evil.example/' })).toBe(false)
    // orders for the worker no longer travel by message
    expect(isToHost({ type: 'worker', message: { type: 'settings', id: 1, settings: {} } })).toBe(false)
  })

  it('the host reports in their exact shapes', () => {
    expect(isFromHost({ type: 'ready' })).toBe(true)
    expect(isFromHost({ type: 'navigated', page: '/a/2020/http://x/', title: 'X' })).toBe(true)
    expect(isFromHost({ type: 'navigated', page: 'javascript:alert(1)' })).toBe(false)
    expect(isFromHost({ type: 'navigated', page: '/a/2020/http://x/', title: 3 })).toBe(false)
    expect(isFromHost({ type: 'page', page: '/a/2020/http://x/', url: 'http://x/', title: '', datetime: '2020' })).toBe(true)
    expect(isFromHost({ type: 'fetched', id: 1, status: 200, contentType: '', body: '' })).toBe(false)
    expect(isFromHost({ type: 'worker', message: { type: 'settings', id: 1 } })).toBe(false)
  })
})

describe('messages from a replayed page', () => {
  it('are acted on only in their exact shape', () => {
    const report = { type: 'replayed-page', page: '/a/2020mp_/http://x.org/', url: 'http://x.org/', title: 'X', datetime: '2020' }
    expect(isFromReplayedPage(report)).toBe(true)
    expect(isFromReplayedPage({ ...report, type: 'page' })).toBe(false)
    expect(isFromReplayedPage({ ...report, title: 3 })).toBe(false)
    expect(isFromReplayedPage({ ...report, page: '//evil.example/' })).toBe(false)
    const { url: _url, ...noUrl } = report
    expect(isFromReplayedPage(noUrl)).toBe(false)
    expect(isFromReplayedPage(null)).toBe(false)
    expect(isFromReplayedPage('replayed-page')).toBe(false)
  })
})
