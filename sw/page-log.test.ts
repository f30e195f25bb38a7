import { describe, expect, it } from 'vitest'
import { pageKey } from './page-log.ts'

describe('page keys', () => {
  it('are the same for a page reached with or without a modifier', () => {
    expect(pageKey('/iana/20140126200825mp_/http://www.iana.org/domains')).toBe('/iana/20140126200825/http://www.iana.org/domains')
    expect(pageKey('/iana/20140126200825/http://www.iana.org/domains')).toBe('/iana/20140126200825/http://www.iana.org/domains')
  })

  it('leave the archived URL alone', () => {
    expect(pageKey('/a/2020/http://x.org/1999mp_/y')).toBe('/a/2020/http://x.org/1999mp_/y')
  })
})
