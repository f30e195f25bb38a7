import { describe, expect, it } from 'vitest'
import { BlockNotFoundError, BlockVerificationError, NotFoundError } from '../errors.ts'
import { errorResponse } from '../routing/error-response.ts'
import { replayFailure } from './replay-failure.ts'

/** The failure the app reads from the answer the edges really give for `err`. */
async function failureOf (err: Error): Promise<ReturnType<typeof replayFailure>> {
  const response = errorResponse(err, () => {})
  return replayFailure(response.status, await response.text(), Object.fromEntries(response.headers))
}

describe('replayFailure', () => {
  it('tells not archived, unreachable and failed verification apart from the edges\' error answers', async () => {
    expect(await failureOf(new NotFoundError('http://x/ is not in this archive'))).toEqual({ kind: 'not-archived', status: 404, code: 'NotFoundError', message: 'http://x/ is not in this archive' })
    expect((await failureOf(new BlockNotFoundError('bafyx')))?.kind).toBe('unreachable')
    // what AbortSignal.timeout() throws when a gateway does not answer in time
    expect((await failureOf(new DOMException('slow', 'TimeoutError')))?.kind).toBe('unreachable')
    expect(await failureOf(new BlockVerificationError('bafyx'))).toMatchObject({ kind: 'verification', status: 502, code: 'BlockVerificationError' })
  })

  it('a capture is content whatever its status; a relay that got no answer is unreachable', () => {
    expect(replayFailure(200, '<html>')).toBeUndefined()
    expect(replayFailure(302, '')).toBeUndefined()
    expect(replayFailure(404, 'archived not found page', { 'memento-datetime': 'Sat, 02 Feb 2013 10:00:00 GMT' })).toBeUndefined()
    expect(replayFailure(0, 'TypeError: Failed to fetch')).toMatchObject({ kind: 'unreachable', code: '', message: 'TypeError: Failed to fetch' })
    expect(replayFailure(400, '400 InvalidDatetimeError: not a datetime')).toMatchObject({ kind: 'bad-request', code: 'InvalidDatetimeError' })
  })
})
