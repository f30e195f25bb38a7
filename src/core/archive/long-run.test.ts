import { describe, expect, it } from 'vitest'
import { MemoryBlockStore } from '../blocks.ts'
import { fixtureBytes } from '../warc/fixtures.test-support.ts'
import { ingestIntoArchive, type ArchiveIngestOptions } from './ingest-into-archive.ts'
import { allWarcFixtures, chunks, hashers, manifest } from './archive-test-support.ts'
import { ArchiveReader } from './archive-reader.ts'
import type { ArchiveRoot } from './archive-root.ts'

async function ingest (store: MemoryBlockStore, names: string[], entriesKept: number | undefined, root?: ArchiveRoot, limits?: ArchiveIngestOptions['limits']) {
  return ingestIntoArchive({
    store,
    from: root != null ? { root } : { manifest },
    sources: names.map(name => ({ name, open: () => chunks(fixtureBytes(name)) })),
    hashers,
    now: () => Date.UTC(2026, 0, 1),
    // batches of 4 captures: the URL map is written every few batches, not once at the end
    batchSize: 4,
    entriesKept,
    limits
  })
}

// A run that writes its URL entries out as it goes must build the archive a run keeping them all would:
// the URL map and version indexes are history-independent trees, so the roots are equal, CID for CID.
describe('a long run writes URL entries as it goes', () => {
  const fixtures = allWarcFixtures()

  it('gives the same archive root as keeping every entry until the end', async () => {
    const whole = await ingest(new MemoryBlockStore(), fixtures, undefined)
    for (const kept of [1, 50]) {
      const store = new MemoryBlockStore()
      const flushed = await ingest(store, fixtures, kept)
      expect(flushed.summary.mementos).toBe(whole.summary.mementos)
      expect(flushed.summary.revisits.resolved).toBe(whole.summary.revisits.resolved)
      expect(flushed.rootCid.toString(), `entries kept: ${kept}`).toBe(whole.rootCid.toString())
    }
  })

  it('does so on top of an earlier run too, and every URL answers its TimeMap', async () => {
    const [first, ...rest] = fixtures
    const a = new MemoryBlockStore()
    const b = new MemoryBlockStore()
    const baseA = await ingest(a, [first as string], undefined)
    const baseB = await ingest(b, [first as string], 2)
    const whole = await ingest(a, rest, undefined, baseA.root)
    const flushed = await ingest(b, rest, 2, baseB.root)
    expect(flushed.rootCid.toString()).toBe(whole.rootCid.toString())
    const reader = await ArchiveReader.open(b, flushed.rootCid)
    let versions = 0
    for await (const [, entry] of reader.urls.range()) {
      const timemap = await reader.timemap(entry)
      expect(timemap.complete).toBe(true)
      expect(timemap.mementos.length).toBe(entry.count)
      versions += timemap.mementos.length
    }
    expect(versions).toBe(flushed.root.counts.mementos)
  })

  it('resolves the same revisits when it remembers a single original (the rest are read from the archive)', async () => {
    const whole = await ingest(new MemoryBlockStore(), fixtures, undefined)
    const forgetful = await ingest(new MemoryBlockStore(), fixtures, 3, undefined, { originals: 1 })
    expect(whole.summary.revisits.resolved).toBeGreaterThan(0)
    expect(forgetful.summary.revisits.resolved).toBe(whole.summary.revisits.resolved)
    expect(forgetful.summary.listed.unresolved).toBe(whole.summary.listed.unresolved)
    expect(forgetful.summary.mementos).toBe(whole.summary.mementos)
  })

  it('settles the oldest waiting revisit once too many wait: unresolved if its original has not come', async () => {
    const warc = revisitsBeforeOriginals(3)
    const run = async (deferred?: number) => ingestIntoArchive({ store: new MemoryBlockStore(), from: { manifest }, hashers, sources: [{ name: 'r.warc', open: () => chunks(warc) }], limits: { deferred } })
    const waiting = await run()
    expect([waiting.summary.revisits.resolved, waiting.summary.listed.unresolved]).toEqual([3, 0])
    const bounded = await run(1)
    // the first two were settled while their originals were still ahead; the last waited to the end
    expect([bounded.summary.revisits.resolved, bounded.summary.listed.unresolved]).toEqual([1, 2])
    expect(bounded.summary.mementos).toBe(waiting.summary.mementos)
  })
})

/** `n` revisits, then more records than the pairing window holds, then the originals they refer to. */
function revisitsBeforeOriginals (n: number): Uint8Array {
  const record = (type: string, url: string, date: string, fields: string, block: string): string =>
    `WARC/1.0\r\nWARC-Type: ${type}\r\nWARC-Target-URI: ${url}\r\nWARC-Date: ${date}\r\n${fields}Content-Type: application/http; msgtype=response\r\nContent-Length: ${Buffer.byteLength(block)}\r\n\r\n${block}\r\n\r\n`
  const ok = (body: string): string => `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n${body}`
  const parts: string[] = []
  for (let i = 0; i < n; i++) parts.push(record('revisit', `http://example.com/${i}`, '2020-02-01T00:00:00Z', `WARC-Refers-To: <urn:uuid:original-${i}>\r\nWARC-Refers-To-Target-URI: http://example.com/${i}\r\nWARC-Profile: http://netpreserve.org/warc/1.0/revisit/identical-payload-digest\r\n`, 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n'))
  for (let i = 0; i < 80; i++) parts.push(record('response', `http://example.com/filler/${i}`, '2020-01-15T00:00:00Z', '', ok(`filler ${i}`)))
  for (let i = 0; i < n; i++) parts.push(record('response', `http://example.com/${i}`, '2020-01-01T00:00:00Z', `WARC-Record-ID: <urn:uuid:original-${i}>\r\n`, ok(`original ${i}`)))
  return new TextEncoder().encode(parts.join(''))
}
