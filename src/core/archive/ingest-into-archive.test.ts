import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { WARCParser } from 'warcio'
import { MemoryBlockStore } from '../blocks.ts'
import { parseHttpHead } from '../http/index.ts'
import { readFileToBytes } from '../iparo/iparo-reader.ts'
import { readIparo } from '../iparo/iparo-root.ts'
import { surt } from '../surt.ts'
import { fixtureBytes, header, records as recordsOf, readAll, sameBytes } from '../warc/fixtures.test-support.ts'
import { DedupSink } from '../ingest/dedup-sink.ts'
import { IngestRun } from '../ingest/ingest-run.ts'
import { allWarcFixtures, chunks, hashers, ingestBytes, ingestFixtures, manifest } from './archive-test-support.ts'
import { ArchiveReader } from './archive-reader.ts'
import { ArchiveWriter } from './archive-writer.ts'
import { IparoHeaderSource } from './iparo-header-source.ts'
import { defaultPolicy } from '../chain/index.ts'
import { readIngestLog } from './archive-root.ts'

const latin1 = (b: Uint8Array): string => new TextDecoder('latin1').decode(b)

/** What each fixture's records say, read independently of the ingest: payloads by record ID and by SURT + declared digest. */
async function fixturePayloads (name: string) {
  // several records may share a key (hand-made WARCs reuse IDs, URIs and dates): keep them all
  const byId = new Map<string, Uint8Array[]>()
  const add = (key: string, payload: Uint8Array): void => { byId.set(key, [...(byId.get(key) ?? []), payload]) }
  for (const r of recordsOf(await readAll((async function * () { yield fixtureBytes(name) })()))) {
    const type = header(r, 'WARC-Type')?.trim()
    if (type !== 'response' && type !== 'resource') continue
    let payload = r.content
    if (type === 'response') {
      const head = parseHttpHead(r.content, 'response', { atEnd: true })
      if (head == null) continue
      payload = r.content.subarray(head.headLength)
    }
    const id = header(r, 'WARC-Record-ID')?.trim()
    const uri = (header(r, 'WARC-Target-URI') ?? '').trim().replace(/^<(.*)>$/, '$1')
    // hand-made WARCs reuse record IDs, so a record is its ID, URI and date together
    add(`${id ?? ''} ${uri} ${header(r, 'WARC-Date')?.trim() ?? ''}`, payload)
    if (id != null) add(id, payload)
    const digest = header(r, 'WARC-Payload-Digest')?.trim()
    if (digest != null) add(`${surt(uri)} ${digest}`, payload)
  }
  return { byId }
}

/** warcio's view of an IPARO's bytes; HTTP heads are not parsed (warcio.js refuses LF-only heads, kept as captured). */
async function warcRecords (bytes: Uint8Array) {
  const out = []
  for await (const record of new WARCParser([bytes], { parseHttp: false })) {
    const content = await record.readFully(false)
    out.push({ type: record.warcType, length: Number(record.warcHeaders.headers.get('Content-Length')), content })
  }
  return out
}

describe('ingest into an archive (fixtures, in-memory store)', () => {
  it.each(allWarcFixtures())('%s: ingests with a summary; every IPARO reads with warcio and carries its record\'s exact payload', async (name) => {
    const store = new MemoryBlockStore()
    const { summary } = await ingestFixtures(store, [name])
    expect(summary.records).toBeGreaterThan(0)
    expect(summary.mementos).toBe(summary.iparos.length)
    const expected = await fixturePayloads(name)
    for (const { cid } of summary.iparos) {
      const iparo = await readIparo(store, CID.parse(cid))
      const bytes = await readFileToBytes(store, CID.parse(cid))
      const parsed = await warcRecords(bytes)
      expect(parsed[0]?.type).toBe('metadata')
      const h = iparo.header
      expect(parsed[1]?.type).toBe(h.record.type === 'revisit' && h.revisit?.resolved === true ? 'response' : h.record.type)
      if (h.record.type === 'revisit' && h.revisit?.resolved !== true) continue
      const payloadPiece = iparo.pieces.find(p => p.role === 'payload')
      const payload = payloadPiece == null ? new Uint8Array() : await readFileToBytes(store, CID.parse(payloadPiece.cid))
      let originals: Uint8Array[]
      if (h.record.type === 'revisit') {
        originals = [
          ...(h.revisit?.refersTo != null ? expected.byId.get(h.revisit.refersTo) ?? [] : []),
          ...expected.byId.get(`${surt(h.revisit?.refersToUri ?? h.uri)} ${h.digests.declared ?? ''}`) ?? []
        ]
        if (originals.length === 0) continue // its original came from another file of the same crawl
      } else {
        originals = expected.byId.get(`${h.record.id ?? ''} ${h.uri} ${h.record.date}`) ?? []
      }
      expect(originals.length, `${name} ${h.uri} ${h.datetime}`).toBeGreaterThan(0)
      expect(originals.some(o => sameBytes(payload, o)), `${name} ${h.uri} ${h.datetime}`).toBe(true)
      // warcio agrees: the response record holds exactly its declared bytes and ends with that payload
      const content = parsed[1]?.content ?? new Uint8Array()
      expect(content.byteLength).toBe(parsed[1]?.length)
      expect(sameBytes(content.subarray(content.byteLength - payload.byteLength), payload)).toBe(true)
    }
  }, 120_000)

  it('broken.warc: reports the damaged record with its offset and ingests the rest', async () => {
    const { summary } = await ingestFixtures(new MemoryBlockStore(), ['ipwb/broken.warc'])
    const damaged = [...summary.warnings, ...summary.errors].filter(p => p.code.startsWith('length') || p.code === 'truncated')
    expect(damaged.length).toBeGreaterThan(0)
    expect(damaged.every(p => Number.isInteger(p.offset) && p.offset > 0 && p.file === 'ipwb/broken.warc')).toBe(true)
    expect(summary.mementos).toBeGreaterThanOrEqual(2)
  })

  it('variableSizedDates.warc keeps 4 distinct mementos at full precision', async () => {
    const { summary } = await ingestFixtures(new MemoryBlockStore(), ['ipwb/variableSizedDates.warc'])
    expect(summary.mementos).toBe(4)
    expect(new Set(summary.iparos.map(i => i.datetime)).size).toBe(4)
    expect(summary.iparos.some(i => /\.\d{9}Z$/.test(i.datetime))).toBe(true)
  })

  it('iana.org: the revisits become mementos sharing their originals\' payload blocks; absent originals are named', async () => {
    const store = new MemoryBlockStore()
    const { summary } = await ingestFixtures(store, ['pywb/iana.warc.gz'])
    expect(summary.revisits.resolved + summary.revisits.unresolved.length).toBe(123)
    expect(summary.revisits.resolved).toBeGreaterThan(100)
    for (const u of summary.revisits.unresolved) expect(u.uri).toMatch(/^https?:/)
    const revisits = []
    for (const { cid } of summary.iparos) {
      const iparo = await readIparo(store, CID.parse(cid))
      if (iparo.header.revisit?.resolved === true) revisits.push(iparo)
    }
    expect(revisits.length).toBe(summary.revisits.resolved)
    // every resolved revisit's payload piece is a block the store already had from a response
    const responsePayloads = new Set<string>()
    for (const { cid } of summary.iparos) {
      const iparo = await readIparo(store, CID.parse(cid))
      if (iparo.header.record.type === 'response') for (const p of iparo.pieces) if (p.role === 'payload') responsePayloads.add(p.cid)
    }
    for (const r of revisits) expect(responsePayloads.has(r.pieces.find(p => p.role === 'payload')?.cid ?? '')).toBe(true)
  }, 60_000)

  // The fixture notes say nine, but the bytes say ten: none of the ten revisits' URLs has a response in
  // the file, and no response payload has any of their sha1 digests (raw, de-chunked or de-gzipped).
  it('sample-1.warc.gz: the revisits without their original are kept unresolved, never given a payload', async () => {
    const store = new MemoryBlockStore()
    const { summary } = await ingestFixtures(store, ['ipwb/sample-1.warc.gz'])
    expect(summary.revisits.unresolved).toHaveLength(10)
    expect(summary.revisits.resolved).toBe(0)
    for (const { cid } of summary.iparos) {
      const iparo = await readIparo(store, CID.parse(cid))
      if (iparo.header.revisit?.resolved === false) expect(iparo.pieces.some(p => p.role === 'payload')).toBe(false)
    }
  }, 60_000)

  it('counts request records that no response claims', async () => {
    const enc = new TextEncoder()
    const request = 'GET /lonely HTTP/1.1\r\nHost: a.example\r\n\r\n'
    const warc = enc.encode(`WARC/1.0\r\nWARC-Type: request\r\nWARC-Record-ID: <urn:uuid:9>\r\nWARC-Target-URI: http://a.example/lonely\r\nWARC-Date: 2020-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=request\r\nContent-Length: ${request.length}\r\n\r\n${request}\r\n\r\n`)
    const { summary } = await ingestBytes(new MemoryBlockStore(), warc)
    expect(summary.skippedByReason['request without response']).toBe(1)
    expect(summary.mementos).toBe(0)
  })

  it('dns and whois records are skipped with a count', async () => {
    const { summary } = await ingestFixtures(new MemoryBlockStore(), ['ipwb/IAH-20080430204825-00000-blackbook.warc.gz'])
    expect(summary.skippedByReason.dns).toBeGreaterThan(0)
  }, 60_000)

  it('mkelly1 then mkelly2: the second ingest stores under 10% of the first\'s new bytes', async () => {
    const store = new MemoryBlockStore()
    const one = await ingestFixtures(store, ['ipwb/mkelly1.warc'])
    const two = await ingestFixtures(store, ['ipwb/mkelly2.warc'], one.root)
    expect(two.summary.mementos).toBeGreaterThan(0)
    expect(two.summary.newBytes).toBeLessThan(one.summary.newBytes * 0.1)
    expect(two.summary.dedupBytes).toBeGreaterThan(0)
  })

  it('is idempotent: the same WARC twice adds nothing, not even a block', async () => {
    const store = new MemoryBlockStore()
    const one = await ingestFixtures(store, ['ipwb/5mementos.warc'])
    const two = await ingestFixtures(store, ['ipwb/5mementos.warc'], one.root)
    expect(two.summary.mementos).toBe(0)
    expect(two.summary.duplicates).toBe(one.summary.mementos)
    expect(two.summary.newBlocks).toBe(0)
    expect(two.rootCid.equals(one.rootCid)).toBe(true)
  })

  it('5mementos (records out of order): TimeMap, closest and latest are exact', async () => {
    const store = new MemoryBlockStore()
    const { rootCid } = await ingestFixtures(store, ['ipwb/5mementos.warc'])
    const reader = await ArchiveReader.open(store, rootCid)
    const entry = await reader.lookup('http://memento.us/')
    if (entry == null) throw new Error('memento.us not in the URL map')
    const tm = await reader.timemap(entry)
    expect(tm.mementos.map(m => m.datetime)).toEqual([
      '2013-02-02T10:00:00Z', '2014-01-14T10:00:00Z', '2014-01-15T10:15:00Z', '2016-12-31T11:00:00Z', '2016-12-31T11:00:01Z'
    ])
    expect(tm.complete).toBe(true)
    expect((await reader.resolve(entry, '2007-01-01T00:00:00Z')).memento?.datetime).toBe('2013-02-02T10:00:00Z')
    expect((await reader.resolve(entry)).memento?.datetime).toBe('2016-12-31T11:00:01Z')
  })

  it('a later ingest extends the chain: the new head links the old one, and the TimeMap grows', async () => {
    const store = new MemoryBlockStore()
    const one = await ingestFixtures(store, ['ipwb/3mementos.warc'])
    const reader1 = await ArchiveReader.open(store, one.rootCid)
    const before = await reader1.lookup('http://memento.us/')
    const two = await ingestFixtures(store, ['ipwb/5mementos.warc'], one.root)
    const reader2 = await ArchiveReader.open(store, two.rootCid)
    const after = await reader2.lookup('http://memento.us/')
    if (before == null || after == null) throw new Error('memento.us missing')
    expect(after.count).toBe(5)
    expect(two.summary.duplicates).toBeGreaterThan(0)
    const head = await readIparo(store, after.head)
    expect(head.header.links.some(l => l.cid === before.head.toString())).toBe(true)
    expect((await reader2.timemap(after)).mementos).toHaveLength(5)
  })

  it('the header the writer learns as it commits each IPARO is the one read back from it (rebuilt appenders link alike)', async () => {
    // 39 versions of one URL and 13 of three others: skip links and chain summaries, not just `prev`
    const enc = new TextEncoder()
    const records = []
    for (let i = 0; i < 52; i++) {
      const uri = i % 4 === 3 ? `http://example.org/other/${i % 3}` : 'http://example.org/'
      const http = `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: x${i}\r\n\r\nversion ${i}`
      records.push(`WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: ${uri}\r\nWARC-Date: 2020-01-01T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z\r\nWARC-Record-ID: <urn:uuid:r${i}>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: ${http.length}\r\n\r\n${http}\r\n\r\n`)
    }
    const store = new MemoryBlockStore()
    const sink = new DedupSink(store)
    const learning = new IparoHeaderSource(sink)
    const run = new IngestRun({ sink, hashers, writer: await ArchiveWriter.open(sink, { manifest }, defaultPolicy, learning) })
    await run.addWarc(chunks(enc.encode(records.join(''))), 'versions.warc')
    const summary = await run.finish()
    expect(summary.mementos).toBe(52)
    expect(learning.fetches).toBe(0)
    const reading = new IparoHeaderSource(store)
    for (const { cid } of summary.iparos) expect(await learning.header(cid)).toEqual(await reading.header(cid))
    expect(reading.fetches).toBe(52)
  })

  it('the ingest log links every IPARO ever created, across runs', async () => {
    const store = new MemoryBlockStore()
    const one = await ingestFixtures(store, ['ipwb/mkelly1.warc'])
    const two = await ingestFixtures(store, ['ipwb/mkelly2.warc'], one.root)
    const logged = new Set<string>()
    for await (const { objects } of readIngestLog(store, two.root.log)) for (const o of objects) logged.add(o.toString())
    for (const { cid } of [...one.summary.iparos, ...two.summary.iparos]) expect(logged.has(cid)).toBe(true)
  })

  it('redacts Cookie, Authorization and Set-Cookie values unless asked to keep them', async () => {
    const enc = new TextEncoder()
    const response = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nSet-Cookie: session=SECRET-SET-COOKIE; Path=/\r\nContent-Length: 2\r\n\r\nhi'
    const request = 'GET / HTTP/1.1\r\nHost: a.example\r\nCookie: id=SECRET-COOKIE\r\nAuthorization: Bearer SECRET-TOKEN\r\n\r\n'
    const record = (type: string, id: string, body: string, extra = ''): string =>
      `WARC/1.0\r\nWARC-Type: ${type}\r\nWARC-Record-ID: <urn:uuid:${id}>\r\nWARC-Target-URI: http://a.example/\r\nWARC-Date: 2020-01-01T00:00:00Z\r\n${extra}Content-Type: application/http; msgtype=${type}\r\nContent-Length: ${enc.encode(body).byteLength}\r\n\r\n${body}\r\n\r\n`
    const warc = enc.encode(record('response', '1', response) + record('request', '2', request, 'WARC-Concurrent-To: <urn:uuid:1>\r\n'))
    for (const keep of [false, true]) {
      const store = new MemoryBlockStore()
      const { summary } = await ingestBytes(store, warc, keep)
      const cid = summary.iparos[0]?.cid ?? ''
      const text = latin1(await readFileToBytes(store, CID.parse(cid)))
      for (const secret of ['SECRET-SET-COOKIE', 'SECRET-COOKIE', 'SECRET-TOKEN']) expect(text.includes(secret)).toBe(keep)
      const parsed = await warcRecords(await readFileToBytes(store, CID.parse(cid)))
      expect(parsed.map(r => r.type)).toEqual(['metadata', 'response', 'request'])
      if (!keep) expect((await readIparo(store, CID.parse(cid))).header.redacted).toEqual(['Set-Cookie'])
    }
  })
})
