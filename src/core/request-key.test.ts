import { describe, expect, it } from 'vitest'
import { canonicalBody, canonicalFields, MAX_CANONICAL, requestKey } from './request-key.ts'

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)
const FORM = 'application/x-www-form-urlencoded'

describe('request keys', () => {
  it('are the SURT key for GET and SURT key, method and canonical body otherwise', () => {
    expect(requestKey('http://www.Example.com/api?b=2&a=1', 'GET', '')).toBe('com,example)/api?a=1&b=2')
    expect(requestKey('https://example.com/api?b=2&a=1', 'POST', 'form:a=1')).toBe('com,example)/api?a=1&b=2 post form:a=1')
    expect(requestKey('https://example.com/api', 'post', '')).toBe('com,example)/api post')
  })

  it('sort form fields whatever their order and escaping', async () => {
    const a = await canonicalBody(FORM, bytes('test=abc&foo=bar'))
    expect(a).toBe('form:foo=bar&test=abc')
    expect(await canonicalBody(`${FORM}; charset=UTF-8`, bytes('foo=b%61r&test=abc&'))).toBe(a)
    expect(await canonicalBody(FORM, bytes('q=a+b&B=[]'))).toBe('form:B=%5B%5D&q=a%20b')
    expect(await canonicalBody(FORM, bytes('bad=%zz'))).toBe('form:bad=%25zz')
  })

  it('write JSON with sorted keys and no whitespace, by media type or by shape', async () => {
    const canonical = 'json:{"a":[1,{"x":null,"y":"z"}],"b":true}'
    expect(await canonicalBody('application/json', bytes('{ "b": true, "a": [1, {"y": "z", "x": null}] }'))).toBe(canonical)
    expect(await canonicalBody('text/plain;charset=UTF-8', bytes('{"b":true,"a":[1,{"y":"z","x":null}]}'))).toBe(canonical)
    expect(await canonicalBody('application/vnd.api+json', bytes('"s"'))).toBe('json:"s"')
    expect(await canonicalBody('text/plain', bytes('"s"'))).toMatch(/^sha256:[0-9a-f]{64}$/)
  })

  it('read multipart fields by name, files by digest', async () => {
    const body = (order: string[]): string => order.map(p => `--XyZ\r\n${p}\r\n`).join('') + '--XyZ--\r\n'
    const text = 'Content-Disposition: form-data; name="b"\r\n\r\ntwo'
    const file = 'Content-Disposition: form-data; name="f"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nfile body'
    const first = await canonicalBody('multipart/form-data; boundary=XyZ', bytes(body([text, file])))
    expect(first).toMatch(/^multipart:b=two&f=%40[0-9a-f]{32}$/)
    expect(await canonicalBody('multipart/form-data; boundary="XyZ"', bytes(body([file, text])))).toBe(first)
    expect(await canonicalBody('multipart/form-data', bytes(body([text])))).toMatch(/^sha256:/)
  })

  it('digest other bodies, nothing for an empty one, and long canonical forms', async () => {
    expect(await canonicalBody('application/octet-stream', new Uint8Array([0, 1, 2]))).toBe('sha256:ae4b3280e56e2faf83f414a6e3dabe9d5fbe18976544c05fed121accb85b53fc')
    expect(await canonicalBody(FORM, new Uint8Array(0))).toBe('')
    const long = await canonicalBody(FORM, bytes(`a=${'x'.repeat(MAX_CANONICAL)}`))
    expect(long).toMatch(/^form~sha256:[0-9a-f]{64}$/)
  })

  it('give the fields of form and JSON bodies for near matches', () => {
    expect(canonicalFields('form:a=1&b=%20')).toEqual([{ name: 'a', value: '1' }, { name: 'b', value: ' ' }])
    expect(canonicalFields('json:{"a":{"b":1},"c":"d"}')).toEqual([{ name: 'a', value: '{"b":1}' }, { name: 'c', value: '"d"' }])
    expect(canonicalFields('sha256:00')).toEqual([])
  })
})
