import { describe, expect, it } from 'vitest'
import { MethodNotAllowedError } from '../errors.ts'
import { errorResponse } from './error-response.ts'
import { requireMethod } from './require-method.ts'

describe('requireMethod', () => {
  it('lets the allowed methods through and answers others with a 405 that lists them', () => {
    expect(() => { requireMethod(new Request('http://x/', { method: 'HEAD' })) }).not.toThrow()
    let thrown: unknown
    try { requireMethod(new Request('http://x/', { method: 'DELETE' }), ['GET', 'HEAD', 'PUT']) } catch (err) { thrown = err }
    expect(thrown).toBeInstanceOf(MethodNotAllowedError)
    const response = errorResponse(thrown, () => {})
    expect(response.status).toBe(405)
    expect(response.headers.get('Allow')).toBe('GET, HEAD, PUT')
  })
})
