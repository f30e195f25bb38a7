import { describe, expect, it } from 'vitest'
import { IpnsRecordError, NotFoundError } from '../errors.ts'
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

  it('carry only the project\'s own words: engine errors get a plain message, quoted library text is dropped', async () => {
    const logged: string[] = []
    let engine: unknown
    try { JSON.parse('{') } catch (err) { engine = err }
    const crash = errorResponse(engine, (line) => { logged.push(line) })
    expect(crash.status).toBe(500)
    expect(await crash.text()).toBe('500 InternalError: the request could not be answered (the server log says why)\n')
    expect(logged[0]).toMatch(/^500 SyntaxError: /)
    const library = new Error('invalid wire type 7 at offset 1')
    const wrapped = errorResponse(new IpnsRecordError(`the record is not valid: ${library.message}`, { cause: library }), () => {})
    expect(wrapped.status).toBe(400)
    expect(await wrapped.text()).toBe('400 IpnsRecordError: the record is not valid\n')
  })
})
