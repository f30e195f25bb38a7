import { describe, expect, it } from 'vitest'
import { bytes, header, problems, readAll, records, text } from './fixtures.test-support.ts'
import type { ReadEvent } from './fixtures.test-support.ts'
import { SourceGap } from './source-gap.ts'

function warcRecord (id: string, content: string, type = 'resource'): string {
  const head = ['WARC/1.0', `WARC-Type: ${type}`, `WARC-Record-ID: <urn:uuid:${id}>`, `WARC-Target-URI: http://example.com/${id}`, `Content-Length: ${content.length}`]
  return head.join('\r\n') + '\r\n\r\n' + content + '\r\n\r\n'
}

const A = warcRecord('a', 'first record')
const B = warcRecord('b', 'second record, whose member is damaged')
const C = warcRecord('c', 'third record')
const D = warcRecord('d', 'x'.repeat(5000))

/** A source that yields strings as bytes (split into `size`-byte chunks) and gaps as they are. */
async function * source (parts: Array<string | SourceGap>, size = Infinity): AsyncGenerator<Uint8Array> {
  for (const p of parts) {
    if (p instanceof SourceGap) {
      yield p
      continue
    }
    const b = bytes(p)
    for (let i = 0; i < b.length; i += Math.min(size, b.length)) yield b.subarray(i, i + size)
  }
}

const ids = (events: ReadEvent[]): string[] => records(events).map(r => `${header(r, 'WARC-Record-ID')?.slice(10, -1) ?? '?'}${r.ok ? '' : '!'}`)
const gap = (unverified: number): SourceGap => new SourceGap('gzip-damaged', `damaged gzip member (${unverified} bytes passed on)`, unverified)

describe('a SourceGap in the source (bytes the source lost, then read on)', () => {
  for (const size of [Infinity, 1, 7, 64]) {
    it(`keeps the record that ends right before it, reports it, and reads on after it (${size}-byte chunks)`, async () => {
      const events = await readAll(source([A, gap(0), C], size))
      expect(ids(events)).toEqual(['a', 'c'])
      expect(problems(events)).toMatchObject([{ code: 'gzip-damaged', severity: 'error', offset: A.length }])
      expect(text(records(events)[1]?.content ?? new Uint8Array())).toBe('third record')
      // offsets after the gap go on from the bytes accepted before it
      expect(records(events)[1]?.offset).toBe(A.length)
    })

    it(`drops the unverified bytes before it, and with them the record they began (${size}-byte chunks)`, async () => {
      const partial = B.slice(0, 40)
      const events = await readAll(source([A, partial, gap(partial.length), C], size))
      expect(ids(events)).toEqual(['a', 'c'])
      expect(problems(events)).toHaveLength(1)
      // offsets count every byte the source yielded, the dropped ones too: the edge maps them to its file
      expect(records(events)[1]?.offset).toBe(A.length + partial.length)
    })

    it(`a record whose declared end the unverified bytes complete is lost, even if the reader had taken them (${size}-byte chunks)`, async () => {
      // B arrived whole, but its member then failed its check: B is not to be believed
      for (const unverified of [B.length, B.length - 4, 10]) {
        const events = await readAll(source([A, B, gap(unverified), C], size))
        expect(ids(events), `${unverified}`).toEqual(['a', 'c'])
        expect(records(events)[1]?.offset, `${unverified}`).toBe(A.length + B.length)
        expect(problems(events).map(p => p.code), `${unverified}`).toEqual(['gzip-damaged'])
      }
    })

    it(`a streamed record cut by a gap ends not ok, and the records after the gap are read (${size}-byte chunks)`, async () => {
      const events = await readAll(source([A, D.slice(0, 3000), gap(2000), C, gap(0), A], size), { bufferLimit: 1024 })
      expect(ids(events)).toEqual(['a', 'd!', 'c', 'a'])
      const found = problems(events)
      expect(found.map(p => p.code)).toEqual(['gzip-damaged', 'gzip-damaged'])
      expect(found[0]?.message).toMatch(/the record it cut \(http:\/\/example\.com\/d\) is lost/)
    })
  }

  it('a gap that knows its place in the file reports the problem there (fileOffset)', async () => {
    const events = await readAll(source([A, new SourceGap('gzip-damaged', 'damaged member', 0, 12345), C]))
    expect(problems(events)).toMatchObject([{ code: 'gzip-damaged', offset: A.length, fileOffset: 12345 }])
  })

  it('a gap at the very start or end of the input, or several in a row, is only reported', async () => {
    const events = await readAll(source([gap(0), A, gap(0), gap(0), C, gap(0)]))
    expect(ids(events)).toEqual(['a', 'c'])
    expect(problems(events)).toHaveLength(4)
  })

  it('a gap after garbage reads on as from the start of a file', async () => {
    const events = await readAll(source([A, 'garbage\r\n', gap(0), 'WARC/1.0 not quite\r\n', gap(0), C]))
    expect(ids(events)).toEqual(['a', 'c'])
    expect(problems(events).map(p => p.code)).toEqual(['garbage', 'gzip-damaged', 'bad-header', 'gzip-damaged'])
  })

  it('a source that throws after a gap still ends the reading with source-failed', async () => {
    const boom = new Error('boom')
    async function * failing (): AsyncGenerator<Uint8Array> {
      yield * source([A, gap(0), C])
      throw boom
    }
    const events = await readAll(failing())
    expect(ids(events)).toEqual(['a', 'c'])
    expect(problems(events).map(p => p.code)).toEqual(['gzip-damaged', 'source-failed'])
  })

  it('is an empty chunk to a consumer that does not know gaps', () => {
    const g = gap(3)
    expect(g).toBeInstanceOf(Uint8Array)
    expect(g.length).toBe(0)
    expect(g.subarray(0, 0)).not.toBeInstanceOf(SourceGap)
  })
})
