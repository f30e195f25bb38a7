import { describe, expect, it } from 'vitest'
import { canonicalUrl, keyCandidates, KEY_SCHEME, parseHttpUrl, surt, surtHost, surtPrefix } from './surt.ts'
import { surtV1 } from './surt-v1.ts'
import { permutations, SURT_VECTORS } from './surt-vectors.test-support.ts'

describe('surt', () => {
  it.each(SURT_VECTORS.map(v => [v.input, v.key, v.source] as const))('%j → %j (%s)', (input, key) => {
    expect(surt(input)).toBe(key)
  })

  it('is checked on at least 200 published cases, and differs from pywb on few', () => {
    expect(SURT_VECTORS.length).toBeGreaterThanOrEqual(200)
    expect(new Set(SURT_VECTORS.map(v => v.input)).size).toBe(SURT_VECTORS.length)
    expect(SURT_VECTORS.filter(v => v.differs != null).length).toBeLessThanOrEqual(6)
  })

  it('gives what wget recorded and what the archived page asks for one key (issue 17)', () => {
    const thumb = 'http://upload.wikimedia.org/wikipedia/commons/thumb/6/6a/Mona_Lisa,_by_Leonardo_da_Vinci,_from_C2RMF_retouched.jpg/220px-Mona_Lisa,_by_Leonardo_da_Vinci,_from_C2RMF_retouched.jpg'
    expect(surt(thumb.replaceAll(',', '%2C'))).toBe(surt(thumb))
    expect(surt(thumb.replaceAll(',', '%2c'))).toBe(surt(thumb))
    expect(surt('http://en.wikipedia.org/w/load.php?modules=site|user&only=styles')).toBe(surt('http://en.wikipedia.org/w/load.php?only=styles&modules=site%7Cuser'))
    expect(surt('http://example.com/~user/')).toBe(surt('http://example.com/%7euser'))
  })

  it('gives URLs HTTP cannot carry verbatim the key of their percent-encoded form (issue 17, item 5)', () => {
    const pairs: Array<[string, string]> = [
      ['file:///example with spaces.png', 'file:///example%20with%20spaces.png'],
      ['http://example.com/a b/c d.html', 'http://example.com/a%20b/c%20d.html'],
      ['http://example.com/café?q=crème brûlée', 'http://example.com/caf%C3%A9?q=cr%C3%A8me%20br%C3%BBl%C3%A9e'],
      ['https://bücher.de/straße', 'https://xn--bcher-kva.de/stra%C3%9Fe'],
      ['urn:x-test:ümlaut thing', 'urn:x-test:%C3%BCmlaut%20thing'],
      ['mailto:José@example.com', 'mailto:Jos%C3%A9@example.com']
    ]
    for (const [verbatim, encoded] of pairs) {
      expect(surt(verbatim)).toBe(surt(encoded))
      // ASCII without spaces: a key survives any transport, and can not collide with a request key
      expect(surt(verbatim)).toMatch(/^[\x21-\x7e]+$/)
    }
  })

  it('gives every permutation of parameters one key, even with bare and empty values', () => {
    const all = permutations(['a', 'a=', 'a=1', 'b=%7e', 'A=2'])
    expect(all).toHaveLength(120)
    const keys = new Set(all.map(ps => surt(`http://example.com/p?${ps.join('&')}`)))
    expect([...keys]).toEqual(['com,example)/p?a&a=&a=1&a=2&b=~'])
  })

  it('keeps an escaped & inside its parameter', () => {
    expect(surt('http://example.com/s?q=a%26b&c=1')).toBe('com,example)/s?c=1&q=a%26b')
    expect(surt('http://example.com/s?q=a%2526b&c=1')).toBe('com,example)/s?c=1&q=a%26b')
  })

  it('encodes lone surrogates as U+FFFD, so the key survives UTF-8', () => {
    expect(surt('urn:\uD800x')).toBe(surt('urn:\uFFFDx'))
  })

  it('never throws, whatever the input', () => {
    for (const s of ['http://', 'http:', ':', '%', '?', '#', 'http://%zz/', 'http://a/%zz', '\u0000', 'a'.repeat(10_000),
      'http://[::1/', 'http://example.com:99999/', 'http://example.com:x/', 'http://%F0%9F/', 'http://\uD800.com/', '%%%%%%']) {
      expect(typeof surt(s)).toBe('string')
    }
  })
})

describe('keyCandidates', () => {
  it('adds the scheme-1 key for archives of scheme 1 when it differs', () => {
    expect(KEY_SCHEME).toBe(2)
    const url = 'http://example.com/Mona_Lisa%2C_x.jpg'
    expect(keyCandidates(surt(url), url, 1)).toEqual(['com,example)/mona_lisa,_x.jpg', surtV1(url)])
    expect(keyCandidates(surt(url), url, 2)).toEqual(['com,example)/mona_lisa,_x.jpg'])
    expect(keyCandidates(surt('http://example.com/a'), 'http://example.com/a', 1)).toEqual(['com,example)/a'])
  })

  it('keeps the request part of a request key', () => {
    const url = 'http://example.com/api/'
    expect(keyCandidates(`${surt(url)} post form:a=1`, url, 1)).toEqual(['com,example)/api post form:a=1', 'com,example)/api/ post form:a=1'])
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
  it('reverses names and IPv4 addresses, not IPv6', () => {
    expect(surtHost('www.a.example.com')).toBe('com,example,a')
    expect(surtHost('10.0.0.1')).toBe('1,0,0,10')
    expect(surtHost('[::1]')).toBe('[::1]')
    expect(surtHost('Bücher.de')).toBe('de,xn--bcher-kva')
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
    ['http://example.com/a%2Cb', 'com,example)/a,b'],
    ['http://example.com:8080/a', 'com,example:8080)/a'],
    ['*.example.com', 'com,example,'],
    ['http://*.example.com/', 'com,example,'],
    ['*.www.example.com', 'com,example,www,'],
    ['http://example.com/page?', 'com,example)/page?'],
    ['http://example.com/page?z=1&a=2', 'com,example)/page?z=1&a=2'],
    ['DNS:Example', 'dns:example'],
    ['', '']
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
