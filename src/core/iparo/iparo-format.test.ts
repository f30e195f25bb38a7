import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { WARCParser } from 'warcio'
import { MemoryBlockStore, type BlockGetter } from '../blocks.ts'
import { InvalidIparoError } from '../errors.ts'
import { WarcHeaders } from '../warc/warc-headers.ts'
import type { IparoHeader } from './iparo-header.ts'
import { readFileToBytes } from './iparo-reader.ts'
import { buildIparo, readIparo, trailerPiece } from './iparo-root.ts'
import { importKubo } from './kubo-import.ts'

const enc = new TextEncoder()

function pseudoRandom (size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size)
  let x = seed >>> 0
  for (let i = 0; i < size; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

async function referenceCid (payload: Uint8Array): Promise<CID> {
  const store = new MemoryBlockStore()
  let cid: CID | undefined
  for await (const entry of importer([{ content: [payload] }], { put: async (c: CID, b: Uint8Array) => { await store.put(c, b); return c } }, {
    cidVersion: 1, rawLeaves: true, chunker: fixedSize({ chunkSize: 262144 }), layout: balanced({ maxChildrenPerNode: 174 })
  })) cid = entry.cid
  if (cid == null) throw new Error('no cid')
  return cid
}

async function makeIparo (store: MemoryBlockStore, payload: Uint8Array, uri = 'http://example.com/', datetime = '2013-02-02T10:00:00Z') {
  const http = enc.encode(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${payload.byteLength}\r\n\r\n`)
  const warcHead = new WarcHeaders([
    ['WARC-Type', 'response'], ['WARC-Target-URI', uri], ['WARC-Date', datetime],
    ['WARC-Record-ID', '<urn:uuid:00000000-0000-0000-0000-000000000001>'],
    ['Content-Type', 'application/http; msgtype=response'], ['Content-Length', String(http.byteLength + payload.byteLength)]
  ]).toBytes('WARC/1.0')
  const head = new Uint8Array([...warcHead, ...http])
  const header: Omit<IparoHeader, 'pieces'> = {
    iparo: 1, type: 'memento', uri, datetime, status: 200, mime: 'text/html', method: 'GET',
    record: { type: 'response', warc: 'WARC/1.0', date: datetime, id: '<urn:uuid:00000000-0000-0000-0000-000000000001>' },
    digests: {}, seq: 0, links: []
  }
  const pieces = [
    { role: 'response-head' as const, ...(await importKubo(head, store)) },
    { role: 'payload' as const, ...(await importKubo(payload, store)) },
    await trailerPiece(store)
  ]
  return buildIparo(header, pieces, store)
}

async function parseWarc (bytes: Uint8Array) {
  const parser = new WARCParser([bytes])
  const records = []
  for await (const record of parser) {
    await record.readFully()
    records.push(record)
  }
  return records
}

describe('IPARO format', () => {
  it('is one CID whose bytes warcio reads as header record then response record, payload intact', async () => {
    const store = new MemoryBlockStore()
    const payload = enc.encode('<html><title>t</title>hello</html>')
    const iparo = await makeIparo(store, payload)
    const bytes = await readFileToBytes(store, iparo.cid)
    const records = await parseWarc(bytes)
    expect(records.map(r => r.warcType)).toEqual(['metadata', 'response'])
    expect(records[0]?.warcContentType).toMatch(/^application\/vnd\.iparo\.header\+json/)
    expect(records[1]?.httpHeaders?.statusCode).toBe(200)
    expect(new TextDecoder().decode(records[1]?.payload ?? new Uint8Array())).toBe('<html><title>t</title>hello</html>')
  })

  it('decodes the header from the root block alone', async () => {
    const store = new MemoryBlockStore()
    const iparo = await makeIparo(store, pseudoRandom(700_000, 1))
    let fetches = 0
    const counting: BlockGetter = { get: async (cid) => { fetches++; return store.get(cid) } }
    const decoded = await readIparo(counting, iparo.cid)
    expect(fetches).toBe(1)
    expect(decoded.header.uri).toBe('http://example.com/')
    expect(decoded.header.datetime).toBe('2013-02-02T10:00:00Z')
    expect(decoded.pieces.map(p => p.role)).toEqual(['response-head', 'payload', 'trailer'])
    expect(decoded.pieces[1]?.length).toBe(700_000)
  })

  it.each([0, 1, 262_143, 262_144, 262_145, 700_000, 174 * 262_144 + 1])('payload of %i bytes gets the CID ipfs-unixfs-importer gives with Kubo settings', async (size) => {
    if (size === 0) return // an empty payload is no piece at all (checked below)
    const store = new MemoryBlockStore()
    const payload = pseudoRandom(size, size)
    const iparo = await makeIparo(store, payload)
    const payloadPiece = (await readIparo(store, iparo.cid)).pieces.find(p => p.role === 'payload')
    expect(payloadPiece?.cid).toBe((await referenceCid(payload)).toString())
    // a byte compare: a deep-equality diff of megabytes would take minutes
    expect(Buffer.compare(await readFileToBytes(store, CID.parse(payloadPiece?.cid ?? '')), payload)).toBe(0)
  }, 120_000)

  it('makes a one-chunk payload a raw leaf whose digest is the plain sha256 of the bytes', async () => {
    const piece = await importKubo(enc.encode('hello world\n'), new MemoryBlockStore())
    expect(piece.cid.code).toBe(0x55)
    // `printf 'hello world\n' | sha256sum`
    expect(Buffer.from(piece.cid.multihash.digest).toString('hex')).toBe('a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447')
  })

  it('stores an empty payload as no piece', async () => {
    const store = new MemoryBlockStore()
    const iparo = await makeIparo(store, new Uint8Array())
    expect((await readIparo(store, iparo.cid)).pieces.map(p => p.role)).toEqual(['response-head', 'trailer'])
    const records = await parseWarc(await readFileToBytes(store, iparo.cid))
    expect(records[1]?.payload?.byteLength ?? 0).toBe(0)
  })

  it('shares every payload block between captures of the same bytes, under any URL', async () => {
    const store = new MemoryBlockStore()
    const payload = pseudoRandom(600_000, 7)
    await makeIparo(store, payload, 'http://a.example/', '2013-02-02T10:00:00Z')
    const before = store.size
    await makeIparo(store, payload, 'http://b.example/img', '2014-01-01T00:00:00.123456789Z')
    // only the new response head and the new root are new blocks
    expect(store.size - before).toBe(2)
  })

  it('keeps sub-second precision in the header', async () => {
    const store = new MemoryBlockStore()
    const iparo = await makeIparo(store, enc.encode('x'), 'http://a.example/', '2014-01-01T00:00:00.123456789Z')
    expect((await readIparo(store, iparo.cid)).header.datetime).toBe('2014-01-01T00:00:00.123456789Z')
  })

  it('refuses a root whose header lies about its pieces, and a block that is not an IPARO', async () => {
    const store = new MemoryBlockStore()
    const iparo = await makeIparo(store, enc.encode('payload'))
    const text = new TextDecoder('latin1').decode(iparo.bytes).replace('"length":7', '"length":8')
    const forged = Uint8Array.from(text, c => c.charCodeAt(0))
    const { sha256 } = await import('multiformats/hashes/sha2')
    const forgedCid = CID.createV1(0x70, await sha256.digest(forged))
    await store.put(forgedCid, forged)
    await expect(readIparo(store, forgedCid)).rejects.toBeInstanceOf(InvalidIparoError)
    const piece = await importKubo(enc.encode('not an iparo'), store)
    await expect(readIparo(store, piece.cid)).rejects.toBeInstanceOf(InvalidIparoError)
  })
})
