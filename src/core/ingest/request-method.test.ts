import { describe, expect, it } from 'vitest'
import { requestMethod } from './request-method.ts'

describe('requestMethod', () => {
  it('keeps every RFC 9110 token as written, GETX and lowercase ones too', () => {
    for (const m of ['GET', 'POST', 'GETX', 'get', 'PROPFIND', 'M-SEARCH', 'X_Y.Z', "!#$%&'*+-.^_`|~"]) expect(requestMethod(m)).toEqual({ method: m })
  })

  it('falls back to GET for what is no token or is an HTTP version', () => {
    for (const m of ['HTTP/1.1', 'HTTP/1.0', 'HTTPX/1.1', 'HTTP1.1', 'http2', 'GET/', 'G"T', 'GÉT', '']) expect(requestMethod(m)).toEqual({ method: 'GET', replaced: m })
  })
})
