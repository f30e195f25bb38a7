import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { ArchiveRegistry } from '../archive-registry.ts'
import { openEmbeddedStore, type EmbeddedStore } from '../embedded-store.ts'
import { startLocalNode, type LocalNode } from './local-node.ts'
import { MAX_REQUEST_BODY } from './node-http-bridge.ts'

interface Answer { status: number, headers: Record<string, string | string[] | undefined>, body: string }

/** A raw HTTP request (any method, any body size), as a client sends it: the Fetch API would refuse TRACE. */
async function send (node: LocalNode, method: string, path: string, body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: node.port, method, path }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (d: Buffer) => parts.push(d))
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString() }) })
    })
    // the node may answer a refused upload before it is all sent: what counts is its answer
    req.on('error', reject)
    req.end(body)
  })
}

const ENGINE_TEXT = /TypeError|RangeError|SyntaxError|ReferenceError|at [\w.<>]+ \(|node:internal|unsupported\./

describe('the local node, given bad requests', () => {
  let store: EmbeddedStore
  let node: LocalNode
  let notARoot: string
  beforeAll(async () => {
    store = await openEmbeddedStore(mkdtempSync(join(tmpdir(), 'iparo-bad-requests-')))
    await new ArchiveRegistry(store).create('real')
    const bytes = new TextEncoder().encode('not an archive root')
    const cid = CID.createV1(raw.code, await sha256.digest(bytes))
    await store.blocks.put(cid, bytes)
    notARoot = cid.toString()
    node = await startLocalNode({ store })
  })
  afterAll(async () => {
    await node.close()
    await store.close()
  })

  it('answers TRACE, CONNECT-like and unknown methods with 405 and Allow, never a 500', async () => {
    for (const method of ['TRACE', 'PROPFIND', 'MKCOL']) {
      const r = await send(node, method, '/real/2020/http://example.com/')
      expect(r.status, method).toBe(405)
      expect(r.headers.allow).toContain('GET')
      expect(r.body).not.toMatch(ENGINE_TEXT)
    }
  })

  it('refuses a body over the limit with 413, whether declared or streamed', async () => {
    const r = await send(node, 'POST', '/real/2020/http://example.com/', Buffer.alloc(MAX_REQUEST_BODY + 1024 * 1024))
    expect(r.status).toBe(413)
    expect(r.body).toBe(`413 PayloadTooLargeError: request bodies are limited to ${MAX_REQUEST_BODY} bytes\n`)
  })

  it('answers a malformed archive reference 400 and an unknown one 404, a CID that is no archive root included', async () => {
    expect((await send(node, 'GET', '/api/v1/archive/real')).status).toBe(200)
    expect((await send(node, 'GET', '/api/v1/archive/%ff%fe')).status).toBe(400)
    expect((await send(node, 'GET', '/api/v1/archive/a%20b')).status).toBe(400)
    expect((await send(node, 'GET', '/api/v1/archive/nosuch')).status).toBe(404)
    expect((await send(node, 'GET', `/api/v1/archive/${notARoot}`)).status).toBe(404)
    expect((await send(node, 'GET', '/api/v1/archive/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')).status).toBe(404)
    expect((await send(node, 'GET', `/${notARoot}/2020/http://example.com/`)).status).toBe(404)
  })

  it('keeps engine and library text out of error bodies', async () => {
    const bad = await send(node, 'PUT', '/routing/v1/ipns/k51qzi5uqu5dixo7c216nr1kk50hfsz4t42y9ejakj9md5g3scvnho212v5esv', Buffer.from('garbage'))
    expect(bad.status).toBe(400)
    expect(bad.body).not.toMatch(/wire type|offset \d/)
    expect(bad.body).toMatch(/^400 IpnsRecordError: the IPNS record for k51\w+ is not valid: it cannot be decoded as an IPNS record\n$/)
  })

  it('answers a 100 KB request line 431, readable by a client that is still sending', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(node.port, '127.0.0.1')
      const parts: Buffer[] = []
      socket.on('data', (d: Buffer) => parts.push(d))
      socket.on('error', () => {})
      socket.on('close', () => { resolve(Buffer.concat(parts).toString()) })
      socket.write(`POST /real/2020/http://example.com/${'x'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\nContent-Length: 300000\r\n\r\n`)
      socket.end(Buffer.alloc(300_000))
    })
    expect(answer).toMatch(/^HTTP\/1\.1 431 /)
    expect(answer).toContain('431 HeadersTooLargeError: the request line and headers are limited to 16384 bytes')
  })
})
