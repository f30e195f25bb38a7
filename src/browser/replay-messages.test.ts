import { describe, expect, it } from 'vitest'
import { isFromReplayedPage } from './replay-messages.ts'

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
