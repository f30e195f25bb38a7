import { describe, expect, it } from 'vitest'
import { NotFoundError } from '../errors.ts'
import { errorResponse, readErrorBody } from './error-response.ts'

describe('error bodies', () => {
  it('read back the code and message errorResponse wrote', async () => {
    const body = await errorResponse(new NotFoundError('no archive "gone"\nsecond line'), () => {}).text()
    expect(readErrorBody(body)).toEqual({ code: 'NotFoundError', message: 'no archive "gone"' })
  })

  it('take any other body as the message, on one line and at most 300 characters', () => {
    expect(readErrorBody('  TypeError: Failed\n to fetch ')).toEqual({ code: '', message: 'TypeError: Failed to fetch' })
    expect(readErrorBody(`<html>${'x'.repeat(400)}</html>`).message).toHaveLength(300)
    expect(readErrorBody('')).toEqual({ code: '', message: '' })
  })
})
