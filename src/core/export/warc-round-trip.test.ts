import { describe, expect, it } from 'vitest'
import { MemoryBlockStore } from '../blocks.ts'
import { collectBytes } from '../bytes.ts'
import { chunks, hashers, ingestBytes, ingestFixtures } from '../archive/archive-test-support.ts'
import { ingestIntoArchive } from '../archive/ingest-into-archive.ts'
import { httpMessage, warcRecord } from '../ingest/ingest-replay.test-support.ts'
import { exportMementos } from './export-order.ts'
import { writeWarc } from './warc-writer.ts'
import { cidsOf, exportFixtures, reingest, revisitCount } from './export-test-support.ts'

/** A response; its revisit with a 304 head and only WARC-Refers-To; a re-crawled empty redirect (no original needed). */
function crawlWithRevisits (): Uint8Array {
  const ok = httpMessage(['HTTP/1.1 200 OK', 'Content-Type: text/html', 'Content-Length: 27'], '<title>a</title>hello world')
  return Buffer.concat([
    warcRecord([['WARC-Type', 'response'], ['WARC-Target-URI', 'http://a.example/'], ['WARC-Date', '2020-01-01T00:00:00Z'], ['WARC-Record-ID', '<urn:uuid:a1>']], ok),
    warcRecord([['WARC-Type', 'revisit'], ['WARC-Target-URI', 'http://a.example/'], ['WARC-Date', '2020-02-01T00:00:00Z'], ['WARC-Record-ID', '<urn:uuid:a2>'], ['WARC-Refers-To', '<urn:uuid:a1>']],
      httpMessage(['HTTP/1.1 304 Not Modified'])),
    warcRecord([['WARC-Type', 'revisit'], ['WARC-Target-URI', 'http://b.example/'], ['WARC-Date', '2020-03-01T00:00:00Z'], ['WARC-Record-ID', '<urn:uuid:b2>'],
      ['WARC-Payload-Digest', 'sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ']], httpMessage(['HTTP/1.1 302 Found', 'Location: http://a.example/', 'Content-Length: 0']))
  ])
}

const ignored = (r: Awaited<ReturnType<typeof reingest>>): unknown[] => r.summary.warnings.filter(w => w.code === 'iparo-header-ignored')

describe('WARC export round trip', () => {
  // sample-1: 9 revisits without originals; 5mementos: wrong declared digests
  // (iana's round trip is tested through the CLI: src/node/cli/commands/export-command.test.ts)
  it.each([['ipwb/sample-1.warc.gz'], ['ipwb/5mementos.warc']])('re-ingesting the export of %s gives the same IPAROs', async (name) => {
    const { ingest, warc } = await exportFixtures([name])
    const again = await reingest(warc)
    expect(ignored(again)).toEqual([])
    expect(again.summary.warnings.length).toBe(ingest.summary.warnings.length)
    expect(cidsOf(again)).toEqual(cidsOf(ingest))
  })

  it('keeps revisits the export completes with references, and revisits of empty payloads', async () => {
    const store = new MemoryBlockStore()
    const ingest = await ingestBytes(store, crawlWithRevisits())
    expect(ingest.summary.revisits).toEqual({ resolved: 2, unresolved: [] })
    const warc = await collectBytes(writeWarc(store, exportMementos(store, ingest.rootCid, { kind: 'all' })))
    const text = new TextDecoder('latin1').decode(warc)
    // the 304 revisit had only WARC-Refers-To: the export names the original's URI, date and digest too
    expect(text).toContain('WARC-Refers-To-Target-URI: http://a.example/\r\nWARC-Refers-To-Date: 2020-01-01T00:00:00Z\r\nWARC-Payload-Digest: sha256:')
    const again = await reingest(warc)
    expect(ignored(again)).toEqual([])
    expect(cidsOf(again)).toEqual(cidsOf(ingest))
  })

  it('keeps what an archive built over two ingests holds: a revisit whose original came from the first', async () => {
    const store = new MemoryBlockStore()
    const first = await ingestFixtures(store, ['pywb/example-url-agnostic-orig.warc.gz'])
    const second = await ingestFixtures(store, ['pywb/example-url-agnostic-revisit.warc.gz'], first.root)
    expect(second.summary.revisits.resolved).toBe(1)
    const warc = await collectBytes(writeWarc(store, exportMementos(store, second.rootCid, { kind: 'all' })))
    const again = await reingest(warc)
    expect(ignored(again)).toEqual([])
    expect(cidsOf(again)).toEqual([...cidsOf(first), ...cidsOf(second)].sort())
  })

  it('keeps a URL\'s versions in the order the archive appended them, also when that is not time order', async () => {
    const capture = (date: string, id: string): Uint8Array => warcRecord([['WARC-Type', 'response'], ['WARC-Target-URI', 'http://a.example/'], ['WARC-Date', date], ['WARC-Record-ID', id]],
      httpMessage(['HTTP/1.1 200 OK', 'Content-Length: 2'], id.slice(-3, -1)))
    const store = new MemoryBlockStore()
    const later = await ingestBytes(store, capture('2020-02-01T00:00:00Z', '<urn:x:01>'))
    // a second ingest adds an older capture: seq 1 is before seq 0 in time
    const older = await ingestIntoArchive({ store, from: { root: later.root }, sources: [{ name: 'b.warc', open: () => chunks(capture('2020-01-01T00:00:00Z', '<urn:x:02>')) }], hashers })
    const warc = await collectBytes(writeWarc(store, exportMementos(store, older.rootCid, { kind: 'all' })))
    const again = await reingest(warc)
    expect(cidsOf(again)).toEqual([...cidsOf(later), ...cidsOf(older)].sort())
  })

  it('ignores, with a warning, an IPARO header that does not describe the record after it', async () => {
    const { ingest, warc } = await exportFixtures(['pywb/iana.warc.gz'])
    const text = new TextDecoder('latin1').decode(warc)
    // the first revisit's header, its datetime changed (same length: the record stays well-formed)
    const at = text.indexOf('"type":"revisit"')
    const from = text.lastIndexOf('"datetime":"2014-', at) + '"datetime":"2014-'.length
    const tampered = warc.slice()
    tampered[from] = '9'.charCodeAt(0)
    const again = await reingest(tampered)
    expect(ignored(again)).toHaveLength(1)
    expect(again.summary.mementos).toBe(ingest.summary.mementos)
    expect(cidsOf(again)).not.toEqual(cidsOf(ingest))
  })

  it('writes one memento per URL for --latest, revisits whose original is not written as complete responses', async () => {
    const { store: source, ingest, warc, written } = await exportFixtures(['pywb/iana.warc.gz'], { kind: 'latest' })
    expect(new Set(written.map(w => w.facts.uri)).size).toBe(written.length)
    expect(written.length).toBeLessThan(ingest.summary.mementos)
    expect(written.every(w => w.facts.type === 'response')).toBe(true)
    const store = new MemoryBlockStore()
    const again = await reingest(warc, store)
    expect(ignored(again)).toEqual([])
    expect(again.summary.mementos).toBe(written.length)
    // the complete responses are read back as the revisits they were made from
    const resolved = await revisitCount(source, written.map(w => w.facts.cid))
    expect(resolved).toBeGreaterThan(0)
    expect(await revisitCount(store, cidsOf(again))).toBe(resolved)
  })
})
