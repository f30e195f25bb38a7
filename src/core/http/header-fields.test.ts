import { describe, expect, it } from 'vitest'
import { HttpHeaders } from './http-headers.ts'

describe('HeaderFields.mapValues', () => {
  const headers = new HttpHeaders([['Set-Cookie', 'a=1'], ['Content-Type', 'text/html'], ['set-cookie', 'b=2']])

  it('maps values in place, with the names as written and lower-cased, into the same class', () => {
    const seen: string[] = []
    const mapped = headers.mapValues((name, value, lower) => { seen.push(`${name}|${lower}`); return lower === 'set-cookie' ? 'X' : value })
    expect(seen).toEqual(['Set-Cookie|set-cookie', 'Content-Type|content-type', 'set-cookie|set-cookie'])
    expect([...mapped]).toEqual([['Set-Cookie', 'X'], ['Content-Type', 'text/html'], ['set-cookie', 'X']])
    expect(mapped).toBeInstanceOf(HttpHeaders)
    expect(mapped.get('SET-COOKIE')).toBe('X')
    expect(new TextDecoder().decode(mapped.toBytes('HTTP/1.1 200 OK'))).toBe('HTTP/1.1 200 OK\r\nSet-Cookie: X\r\nContent-Type: text/html\r\nset-cookie: X\r\n\r\n')
    // the source is untouched
    expect(headers.getAll('set-cookie')).toEqual(['a=1', 'b=2'])
  })

  it('refuses a value that would smuggle a line into the head', () => {
    expect(() => headers.mapValues(() => 'x\r\nEvil: 1')).toThrow(/line break/)
  })
})
