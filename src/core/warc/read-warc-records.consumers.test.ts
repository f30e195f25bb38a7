import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../errors.ts'
import { readWarcRecords } from './read-warc-records.ts'
import { bytes, chunked, join } from './fixtures.test-support.ts'
import { A, B, C, warcRecord } from './warc-record-spec.test-support.ts'

describe('consumers', () => {
  const big = 'B'.repeat(10_000)
  const input = bytes(warcRecord({ id: A, content: big }) + warcRecord({ id: B, content: 'small' }) + warcRecord({ id: C, content: big }))

  it('may skip bodies entirely; the reader reads past them', async () => {
    const seen: Array<[string, number]> = []
    const ends: Array<Promise<unknown>> = []
    for await (const ev of readWarcRecords(chunked(input, 333), { bufferLimit: 1000 })) {
      if (ev.kind === 'record') {
        seen.push([ev.headers.get('WARC-Record-ID') ?? '', ev.offset])
        ends.push(ev.end)
      }
    }
    expect(seen.map(([id]) => id.slice(10, 18))).toEqual(['aaaaaaaa', 'bbbbbbbb', 'cccccccc'])
    expect(await Promise.all(ends)).toMatchObject([{ length: 10_000, ok: true }, { length: 5 }, { length: 10_000, ok: true }])
  })

  it('may stop reading a body midway; afterwards it yields nothing more', async () => {
    const bodies: Array<AsyncIterable<Uint8Array>> = []
    const sizes: number[] = []
    for await (const ev of readWarcRecords(chunked(input, 333), { bufferLimit: 1000 })) {
      if (ev.kind !== 'record') continue
      bodies.push(ev.body)
      let n = 0
      for await (const p of ev.body) { n += p.length; if (n > 500) break }
      sizes.push(n)
      expect((await ev.end.then(() => 'settled', () => 'rejected'))).toBe('settled')
    }
    expect(sizes[1]).toBe(5)
    for (const body of bodies.slice(0, 1)) {
      const after: Uint8Array[] = []
      for await (const p of body) after.push(p)
      expect(after).toEqual([])
    }
  })

  it('stopping early releases the source', async () => {
    let released = false
    async function * source (): AsyncGenerator<Uint8Array> {
      try { yield * chunked(input, 100) } finally { released = true }
    }
    for await (const ev of readWarcRecords(source())) { if (ev.kind === 'record') break }
    expect(released).toBe(true)
  })

  it('buffered records can be read more than once', async () => {
    for await (const ev of readWarcRecords(chunked(input, 4096))) {
      if (ev.kind !== 'record') continue
      for (let i = 0; i < 2; i++) {
        const pieces: Uint8Array[] = []
        for await (const p of ev.body) pieces.push(p)
        expect(join(pieces)).toEqual(ev.content)
      }
    }
  })

  it('rejects a nonsensical bufferLimit', async () => {
    await expect(readWarcRecords(chunked(input, 10), { bufferLimit: 0 }).next()).rejects.toBeInstanceOf(InvalidInputError)
  })
})
