import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkEndpoint, cleanEndpoint, probeOutcome, probeUrl } from './check-endpoint.ts'

/** A real HTTP server on 127.0.0.1 standing in for a gateway, a site that is none (404) and one that fails. */
let server: Server
let base: string
const asked: string[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    asked.push(req.url ?? '')
    res.statusCode = req.url?.startsWith('/broken/') === true ? 500 : req.url?.startsWith('/gateway/') === true ? 200 : 404
    res.end(res.statusCode === 200 ? '' : 'no')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => { await new Promise(resolve => server.close(resolve)) })

describe('endpoint reachability', () => {
  it('asks each kind a path it serves: a gateway must serve the probe, a router may have no providers', async () => {
    expect(probeUrl('gateway', `${base}/`)).toBe(`${base}/ipfs/bafkqaaa?format=raw`)
    expect(probeUrl('router', base)).toBe(`${base}/routing/v1/providers/bafkqaaa`)
    expect(await checkEndpoint('gateway', `${base}/gateway`)).toEqual({ ok: true, text: expect.stringMatching(/^Reachable: HTTP 200 in \d+ ms$/) as string })
    expect(asked).toContain('/gateway/ipfs/bafkqaaa?format=raw')
    // something answers there, but not a gateway: never a green "Reachable"
    const notGateway = await checkEndpoint('gateway', base)
    expect(notGateway).toEqual({ ok: false, text: expect.stringMatching(/^Answers, but not as an IPFS gateway: HTTP 404 in \d+ ms/) as string })
    expect(await checkEndpoint('router', base)).toEqual({ ok: true, text: expect.stringMatching(/^Reachable: HTTP 404 in \d+ ms \(no providers/) as string })
    expect(await checkEndpoint('router', `${base}/broken`)).toEqual({ ok: false, text: expect.stringMatching(/^Answers with an error: HTTP 500/) as string })
    expect(probeOutcome('gateway', 403, 5)).toMatchObject({ ok: false })
    expect(probeOutcome('gateway', 502, 5)).toEqual({ ok: false, text: 'Answers with an error: HTTP 502 in 5 ms' })
  })

  it('says when nothing answers', async () => {
    const closed = createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise(resolve => closed.close(resolve))
    expect(await checkEndpoint('gateway', `http://127.0.0.1:${port}`)).toEqual({ ok: false, text: expect.stringMatching(/^Not reachable/) as string })
  })

  it('takes http(s) URLs only, without credentials or a trailing slash', () => {
    expect(cleanEndpoint(' https://gw.example/ ')).toBe('https://gw.example')
    expect(cleanEndpoint('http://127.0.0.1:8080/x/')).toBe('http://127.0.0.1:8080/x')
    for (const bad of ['ftp://gw.example', 'gw.example', 'https://user:pw@gw.example', 'javascript:alert(1)']) expect(cleanEndpoint(bad), bad).toBeUndefined()
  })
})
