import { describe, expect, it } from 'vitest'
import { canonicalUrl, parseHttpUrl, surt, surtHost, surtPrefix } from './surt.ts'

describe('surt', () => {
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
    expect(surt(input)).toBe(key)
  })

  it('ignores the order of query parameters (memento.us)', () => {
    const a = surt('http://memento.us/index.php?someval=lorem&anotherval=ipsum')
    expect(a).toBe('us,memento)/index.php?anotherval=ipsum&someval=lorem')
    expect(surt('http://memento.us/index.php?anotherval=ipsum&someval=lorem')).toBe(a)
  })

  it('gives http and https the same key (iana.org)', () => {
    const https = surt('https://www.iana.org/_css/2013.1/screen.css')
    expect(https).toBe('org,iana)/_css/2013.1/screen.css')
    expect(surt('http://www.iana.org/_css/2013.1/screen.css')).toBe(https)
    expect(surt('http://iana.org/_css/2013.1/screen.css')).toBe(https)
  })

  it('gives every permutation of parameters one key, even with bare and empty values', () => {
    const permutations = (xs: string[]): string[][] => xs.length <= 1
      ? [xs]
      : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map(rest => [x, ...rest]))
    const all = permutations(['a', 'a=', 'a=1', 'b=%7e', 'A=2'])
    expect(all).toHaveLength(120)
    const keys = new Set(all.map(ps => surt(`http://example.com/p?${ps.join('&')}`)))
    expect([...keys]).toEqual(['com,example)/p?a&a=&a=1&a=2&b=~'])
  })

  it('replaces lone surrogates in opaque keys so they survive UTF-8', () => {
    expect(surt('urn:\uD800x')).toBe('urn:\uFFFDx')
  })

  it('never throws, whatever the input', () => {
    for (const s of ['http://', 'http:', ':', '%', '?', '#', 'http://%zz/', 'http://a/%zz', '\u0000', 'a'.repeat(10_000)]) {
      expect(typeof surt(s)).toBe('string')
    }
  })
})

describe('canonicalUrl', () => {
  it('keeps scheme, www and case; drops userinfo, default port, fragment; sorts the query', () => {
    expect(canonicalUrl('HTTP://u:p@www.Example.com:80/A%7e%2f?b=2&a=1#f')).toBe('http://www.example.com/A~%2F?a=1&b=2')
    expect(canonicalUrl('https://example.com:8443/?')).toBe('https://example.com:8443/')
  })

  it('leaves opaque inputs unchanged but trimmed', () => {
    expect(canonicalUrl(' dns:Example.com ')).toBe('dns:Example.com')
  })
})

describe('surtHost and parseHttpUrl', () => {
  it('reverses names but not addresses', () => {
    expect(surtHost('www.a.example.com')).toBe('com,example,a')
    expect(surtHost('10.0.0.1')).toBe('10.0.0.1')
    expect(surtHost('[::1]')).toBe('[::1]')
  })

  it('rejects non-http schemes', () => {
    expect(parseHttpUrl('ftp://example.com/')).toBeUndefined()
    expect(parseHttpUrl('https://example.com/x?b&a')?.params).toEqual(['b', 'a'])
  })
})

describe('surtPrefix', () => {
  it.each([
    ['example.com', 'com,example)/'],
    ['http://www.example.com', 'com,example)/'],
    ['https://example.com/', 'com,example)/'],
    ['http://example.com/Blog', 'com,example)/blog'],
    ['http://example.com/blog/*', 'com,example)/blog/'],
    ['http://example.com:8080/a', 'com,example:8080)/a'],
    ['*.example.com', 'com,example,'],
    ['http://*.example.com/', 'com,example,'],
    ['*.www.example.com', 'com,example,www,'],
    ['http://example.com/page?', 'com,example)/page?'],
    ['http://example.com/page?z=1&a=2', 'com,example)/page?z=1&a=2'],
    ['DNS:Example', 'dns:example']
  ])('%j → %j', (input, prefix) => {
    expect(surtPrefix(input)).toBe(prefix)
  })

  it('selects exactly the keys of the URLs it names', () => {
    const urls = ['http://example.com/', 'http://example.com/blog/x', 'http://a.example.com/', 'http://examplefoo.com/', 'http://example.org/']
    const keys = urls.map(surt)
    expect(keys.filter(k => k.startsWith(surtPrefix('example.com')))).toEqual(['com,example)/', 'com,example)/blog/x'])
    expect(keys.filter(k => k.startsWith(surtPrefix('*.example.com')))).toEqual(['com,example,a)/'])
    expect(keys.filter(k => k.startsWith(surtPrefix('http://example.com/blog')))).toEqual(['com,example)/blog/x'])
  })
})

describe('surt keys of recent URLs', () => {
  it('gives the same keys from memory as computed, past the point where its memory is emptied', () => {
    const urls = Array.from({ length: 10_000 }, (_, i) => `http://WWW.Example.com/p${i % 5_000}?b=${i}&a=1`)
    const keys = urls.map(url => surt(url))
    expect(keys[0]).toBe('com,example)/p0?a=1&b=0')
    expect(keys[9_999]).toBe('com,example)/p4999?a=1&b=9999')
    // asked again (some remembered, some forgotten when the memory was emptied): the same keys
    expect(urls.map(url => surt(url))).toEqual(keys)
    expect(surt('  http://a.example/X ')).toBe(surt('http://a.example/X'))
  })
})
