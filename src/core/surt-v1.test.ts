import { describe, expect, it } from 'vitest'
import { surtV1 } from './surt-v1.ts'
import { permutations } from './surt-vectors.test-support.ts'

// Key scheme 1 is frozen: archives written with it are looked up with it. These are its keys as tested
// when it was the current scheme; any change here is a URL that old archives no longer find.
describe('surtV1 (frozen)', () => {
  it.each([
    ['http://www.example.com/Path?b=2&a=1', 'com,example)/path?a=1&b=2'],
    ['http://example.com', 'com,example)/'],
    ['http://example.com/', 'com,example)/'],
    ['example.com/a/b', 'com,example)/a/b'],
    ['//example.com/a', 'com,example)/a'],
    ['  http://example.com/a \n', 'com,example)/a'],
    ['HTTP://EXAMPLE.COM/A', 'com,example)/a'],
    ['http://a.b.example.co.uk/x', 'uk,co,example,b,a)/x'],
    ['http://www1.example.com/', 'com,example)/'],
    ['http://www.www.example.com/', 'com,example,www)/'],
    ['http://wwwx.example.com/', 'com,example,wwwx)/'],
    ['http://www.com/', 'com)/'],
    ['http://example.com./a', 'com,example)/a'],
    ['http://example.com:8080/a', 'com,example:8080)/a'],
    ['http://example.com:80/a', 'com,example)/a'],
    ['https://example.com:443/a', 'com,example)/a'],
    ['http://example.com:443/a', 'com,example:443)/a'],
    ['localhost:8080/x', 'localhost:8080)/x'],
    ['http://user:secret@example.com/a', 'com,example)/a'],
    ['http://192.168.1.20/a', '192.168.1.20)/a'],
    ['http://0x7f.1/a', '127.0.0.1)/a'],
    ['http://[2001:DB8::1]:8080/a', '[2001:db8::1]:8080)/a'],
    ['http://example.com/a#frag', 'com,example)/a'],
    ['http://example.com/a?', 'com,example)/a'],
    ['http://example.com/a?&&', 'com,example)/a'],
    ['http://example.com/a?x=1&&y=2', 'com,example)/a?x=1&y=2'],
    ['http://example.com/%7Euser/%2fa%2F', 'com,example)/~user/%2fa%2f'],
    ['http://example.com/%41%62c', 'com,example)/abc'],
    ['http://example.com/a b', 'com,example)/a%20b'],
    ['http://bücher.de/straße', 'de,xn--bcher-kva)/stra%c3%9fe'],
    ['http://example.com/?b=2&a=2&a=1', 'com,example)/?a=1&a=2&b=2'],
    ['dns:www.example.com', 'dns:www.example.com'],
    ['URN:ISBN:0451450523', 'urn:isbn:0451450523'],
    ['mailto:Someone@Example.com', 'mailto:someone@example.com'],
    ['ftp://Example.com/A', 'ftp://example.com/a'],
    ['http://exa mple.com/', 'http://exa mple.com/'],
    ['http://[::1/', 'http://[::1/'],
    ['', '']
  ])('%j → %j', (input, key) => {
    expect(surtV1(input)).toBe(key)
  })

  it('ignores the order of query parameters (memento.us)', () => {
    const a = surtV1('http://memento.us/index.php?someval=lorem&anotherval=ipsum')
    expect(a).toBe('us,memento)/index.php?anotherval=ipsum&someval=lorem')
    expect(surtV1('http://memento.us/index.php?anotherval=ipsum&someval=lorem')).toBe(a)
  })

  it('gives http and https the same key (iana.org)', () => {
    const https = surtV1('https://www.iana.org/_css/2013.1/screen.css')
    expect(https).toBe('org,iana)/_css/2013.1/screen.css')
    expect(surtV1('http://www.iana.org/_css/2013.1/screen.css')).toBe(https)
    expect(surtV1('http://iana.org/_css/2013.1/screen.css')).toBe(https)
  })

  it('gives every permutation of parameters one key, even with bare and empty values', () => {
    const all = permutations(['a', 'a=', 'a=1', 'b=%7e', 'A=2'])
    expect(all).toHaveLength(120)
    const keys = new Set(all.map(ps => surtV1(`http://example.com/p?${ps.join('&')}`)))
    expect([...keys]).toEqual(['com,example)/p?a&a=&a=1&a=2&b=~'])
  })

  it('replaces lone surrogates in opaque keys so they survive UTF-8', () => {
    expect(surtV1('urn:\uD800x')).toBe('urn:\uFFFDx')
  })
})
