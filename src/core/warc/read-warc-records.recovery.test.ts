import { describe, expect, it } from 'vitest'
import { readWarcRecords } from './read-warc-records.ts'
import {
  bytes, chunked, comparable, fixtureBytes, header, join, problems, readAll, records, text
} from './fixtures.test-support.ts'
import type { ReadRecord } from './fixtures.test-support.ts'
import { A, B, C, warcRecord } from './warc-record-spec.test-support.ts'

const ids = (recs: ReadRecord[]): string[] => recs.map((r) => header(r, 'WARC-Record-ID')?.slice(10, 18) ?? '?')

/** Reads with several chunkings and with every record streamed; all must agree. */
async function readEveryWay (input: string | Uint8Array, bufferLimit = 4 * 1024 * 1024): Promise<Awaited<ReturnType<typeof readAll>>> {
  const all = typeof input === 'string' ? bytes(input) : input
  const reference = await readAll(chunked(all, Math.max(1, all.length)), { bufferLimit })
  for (const size of [1, 7, 64]) {
    expect(comparable(await readAll(chunked(all, size), { bufferLimit }))).toEqual(comparable(reference))
  }
  return reference
}

describe('a truncated file', () => {
  const full = fixtureBytes('ipwb/frogTest.warc')

  it('keeps the records before the cut and reports the cut record as truncated', async () => {
    const whole = records(await readAll(chunked(full, 4096)))
    const last = whole[whole.length - 1] as ReadRecord
    const cut = full.subarray(0, last.offset + last.headerLength + 1000)
    const events = await readEveryWay(cut)
    expect(comparable(records(events))).toEqual(comparable(whole.slice(0, -1)))
    expect(problems(events)).toMatchObject([{
      severity: 'error', code: 'truncated', offset: last.offset, recordId: header(last, 'WARC-Record-ID'),
      targetUri: 'http://matkelly.com/froggies/frog.png'
    }])
  })

  it('streamed: the record comes with ok false and the error follows it', async () => {
    const whole = records(await readAll(chunked(full, 4096)))
    const last = whole[whole.length - 1] as ReadRecord
    const cut = full.subarray(0, last.offset + last.headerLength + 1000)
    const events = await readAll(chunked(cut, 512), { bufferLimit: 100 })
    const recs = records(events)
    expect(recs).toHaveLength(whole.length)
    expect(recs.slice(0, -1).every((r) => r.ok)).toBe(true)
    const broken = recs[recs.length - 1] as ReadRecord
    expect(broken.ok).toBe(false)
    expect(broken.content.length).toBe(1000)
    expect(broken.problems.map((p) => p.code)).toEqual(['truncated'])
    expect(events[events.length - 1]).toMatchObject({ kind: 'problem', code: 'truncated', offset: last.offset })
  })

  it('a cut inside a header block', async () => {
    const whole = records(await readAll(chunked(full, 4096)))
    const last = whole[whole.length - 1] as ReadRecord
    const events = await readEveryWay(full.subarray(0, last.offset + 40))
    expect(records(events)).toHaveLength(whole.length - 1)
    expect(problems(events)).toMatchObject([{ code: 'truncated', offset: last.offset }])
  })
})

describe('garbage and bad header blocks', () => {
  it('garbage between records is an error, and both records are read exactly', async () => {
    const input = warcRecord({ id: A, content: 'first' }) + 'this is not a record\r\nnor is this\r\n\r\n' + warcRecord({ id: B, content: 'second' })
    const events = await readEveryWay(input)
    expect(records(events).map((r) => text(r.content))).toEqual(['first', 'second'])
    expect(records(events).every((r) => r.problems.length === 0)).toBe(true)
    const garbageAt = input.indexOf('this is not')
    expect(problems(events)).toEqual([{
      kind: 'problem', severity: 'error', code: 'garbage', offset: garbageAt, message: expect.stringContaining('37 bytes')
    }])
    expect(events.map((e) => 'kind' in e ? e.code : 'record')).toEqual(['record', 'garbage', 'record'])
  })

  it('garbage at the start, and a `WARC/` mentioned mid-line inside it', async () => {
    const input = 'junk WARC/1.0 junk\n\n' + warcRecord({ id: A, content: 'x' })
    const events = await readEveryWay(input)
    expect(problems(events)).toMatchObject([{ code: 'garbage', offset: 0 }])
    expect(ids(records(events))).toEqual(['aaaaaaaa'])
  })

  it('garbage that does not end with a line ending: the record glued to it is still read', async () => {
    const input = warcRecord({ id: A, content: 'first' }) + '\x00\x9f binary noise, no line end' + warcRecord({ id: B, content: 'second' }) + warcRecord({ id: C, content: 'third' })
    const events = await readEveryWay(input)
    expect(ids(records(events))).toEqual(['aaaaaaaa', 'bbbbbbbb', 'cccccccc'])
    expect(problems(events)).toEqual([{ kind: 'problem', severity: 'error', code: 'garbage', offset: input.indexOf('\x00'), message: '28 bytes that are not a WARC record' }])
  })

  it('a header block without WARC-Type or WARC-Record-ID is skipped', async () => {
    const input = warcRecord({ id: A, content: 'first' }) + 'WARC/1.0\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n' + warcRecord({ id: B, content: 'second' })
    const events = await readEveryWay(input)
    expect(problems(events)).toMatchObject([{ code: 'bad-header', severity: 'error', offset: input.indexOf('WARC/1.0', 10) }])
    expect(ids(records(events))).toEqual(['aaaaaaaa', 'bbbbbbbb'])
  })

  it('a version line that is not one', async () => {
    const input = 'WARC/1.0 and more\r\nWARC-Type: resource\r\n\r\n' + warcRecord({ id: A, content: 'x' })
    const events = await readEveryWay(input)
    expect(problems(events)).toMatchObject([{ code: 'bad-header', offset: 0 }])
    expect(ids(records(events))).toEqual(['aaaaaaaa'])
  })
})

describe('Content-Length overrunning into the next record', () => {
  const second = warcRecord({ id: B, content: 'second record' })
  const third = warcRecord({ id: C, content: 'third record' })

  // 7 reaches into the next version line (`\r\n\r\nWAR|C/1.0`); 3 would end inside the separator, which
  // counts as a confirmed end (line endings then `WARC/`), the extra line endings being content
  for (const excess of [7, 30, 'the next two records' as const]) {
    it(`by ${excess}: a buffered record is cut at the inner boundary, the next ones are read`, async () => {
      const over = excess === 'the next two records' ? second.length + third.length + 100 : excess
      const input = warcRecord({ id: A, content: 'first record', length: 12 + over }) + second + third
      const events = await readEveryWay(input)
      expect(problems(events)).toEqual([])
      const recs = records(events)
      expect(recs.map((r) => text(r.content))).toEqual(['first record', 'second record', 'third record'])
      expect(recs[0]?.problems).toMatchObject([{ code: 'length-recovered', severity: 'warning' }])
      expect(recs[1]?.offset).toBe(input.indexOf('WARC/1.0', 10))

      // streamed, the same input: the first record is an error, the others are intact
      const streamed = await readEveryWay(input, 5)
      expect(problems(streamed)).toMatchObject([{ code: 'overrun', offset: 0 }])
      // (its body had passed on bytes up to the declared end before the overrun could show)
      expect(records(streamed).map((r) => [text(r.content).slice(0, 13), r.ok])).toEqual([
        ['first record\r', false], ['second record', true], ['third record', true]])
    })
  }

  it('streamed (over bufferLimit): an error, and reading resumes at the real boundary', async () => {
    const content = 'x'.repeat(500)
    const input = warcRecord({ id: A, content, length: 500 + 40 }) + second + third
    const events = await readEveryWay(input, 100)
    const recs = records(events)
    expect(ids(recs)).toEqual(['aaaaaaaa', 'bbbbbbbb', 'cccccccc'])
    expect(recs[0]?.ok).toBe(false)
    expect(recs[0]?.problems.map((p) => p.code)).toEqual(['overrun'])
    expect(recs.slice(1).map((r) => text(r.content))).toEqual(['second record', 'third record'])
    expect(problems(events)).toMatchObject([{ code: 'overrun', severity: 'error', offset: 0, recordId: `<urn:uuid:${A}>` }])
  })

  it('streamed, the inner boundary further back than resyncLimit: the records in between are lost, and said so', async () => {
    const input = warcRecord({ id: A, content: 'x'.repeat(500), length: 500 + second.length + 40 }) + second + 'y'.repeat(300) + '\r\n\r\n' + third
    const events = await readAll(chunked(bytes(input), 16), { bufferLimit: 100, resyncLimit: 250 })
    expect(events.filter((e) => 'kind' in e).map((e) => 'kind' in e && e.code)).toEqual(['overrun', 'garbage'])
    expect(ids(records(events))).toEqual(['aaaaaaaa', 'cccccccc'])
  })
})

describe('WARC records inside a payload', () => {
  const inner = warcRecord({ id: B, content: 'inner' }) + warcRecord({ id: C, content: 'inner too' })
  const input = warcRecord({ id: A, content: inner }) + warcRecord({ id: C, content: 'after' })

  it('are content when the declared length is right (buffered and streamed)', async () => {
    for (const bufferLimit of [1 << 20, 16]) {
      const events = await readEveryWay(input, bufferLimit)
      expect(problems(events)).toEqual([])
      const recs = records(events)
      expect(recs.map((r) => text(r.content))).toEqual([inner, 'after'])
      expect(recs.every((r) => r.problems.length === 0 && r.ok)).toBe(true)
    }
  })
})

describe('Content-Length shorter than the record', () => {
  it('streamed records grow to the next boundary with the separator held back', async () => {
    const content = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n' + 'z'.repeat(300) + '\r\n'
    const input = warcRecord({ id: A, content, length: 20 }) + warcRecord({ id: B, content: 'b' })
    for (const bufferLimit of [1 << 20, 10]) {
      const recs = records(await readEveryWay(input, bufferLimit))
      expect(recs.map((r) => text(r.content))).toEqual([content, 'b'])
      expect(recs[0]?.problems).toMatchObject([{ code: 'length-recovered', message: expect.stringContaining(`${content.length} bytes`) }])
    }
  })

  it('LF-only: exactly one `\\n\\n` separator is removed, extra blank lines stay content', async () => {
    const input = warcRecord({ id: A, content: 'body text\n\n', length: 4, eol: '\n' }) + warcRecord({ id: B, content: 'b', eol: '\n' })
    const recs = records(await readEveryWay(input))
    expect(recs.map((r) => text(r.content))).toEqual(['body text\n\n', 'b'])
  })
})

describe('Content-Length running past the end of input', () => {
  it('a record ending in a blank line is recovered', async () => {
    const input = warcRecord({ id: A, content: 'a' }) + warcRecord({ id: B, content: 'just text', length: 100 })
    const recs = records(await readEveryWay(input))
    expect(recs.map((r) => text(r.content))).toEqual(['a', 'just text'])
    expect(recs[1]?.problems).toMatchObject([{ code: 'length-recovered' }])
    // streamed too
    const streamed = records(await readEveryWay(input, 4))
    expect(streamed.map((r) => [text(r.content), r.ok])).toEqual([['a', true], ['just text', true]])
  })

  it('…but not an application/http record without a complete HTTP head', async () => {
    const head = 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:' + B + '>\r\n' +
      'Content-Type: application/http; msgtype=response\r\nContent-Length: 500\r\n\r\n'
    const good = records(await readEveryWay(head + 'HTTP/1.1 204 No Content\r\nServer: x\r\n\r\n'))
    // the blank line ending the head doubles as the separator: the head stays whole
    expect(good.map((r) => text(r.content))).toEqual(['HTTP/1.1 204 No Content\r\nServer: x\r\n\r\n'])
    const bad = await readEveryWay(head + '<html>not a head</html>\r\n\r\n')
    expect(records(bad)).toEqual([])
    expect(problems(bad)).toMatchObject([{ code: 'truncated', recordId: `<urn:uuid:${B}>` }])
  })

  it('a record cut mid-content (no blank line at the end) is truncated', async () => {
    const input = warcRecord({ id: A, content: 'a' }) + warcRecord({ id: B, content: 'b'.repeat(50), length: 100 }).trimEnd()
    const events = await readEveryWay(input)
    expect(ids(records(events))).toEqual(['aaaaaaaa'])
    expect(problems(events)).toMatchObject([{ code: 'truncated', severity: 'error' }])
  })
})

describe('Content-Length missing or not a number', () => {
  for (const length of ['', '-1', 'abc', '12 bytes']) {
    it(`${JSON.stringify(length)}: found by scanning, with a warning`, async () => {
      const input = warcRecord({ id: A, content: 'some content', length }) + warcRecord({ id: B, content: 'b' })
      const recs = records(await readEveryWay(input))
      expect(recs.map((r) => text(r.content))).toEqual(['some content', 'b'])
      expect(recs[0]?.problems.map((p) => [p.code, p.severity])).toEqual([['length-invalid', 'warning']])
      expect(Number.isNaN(recs[0]?.declaredLength) || recs[0]?.declaredLength === -1).toBe(true)
    })
  }

  it('larger than bufferLimit: the record switches to streaming', async () => {
    const content = 'q'.repeat(5000)
    const input = warcRecord({ id: A, content, length: '' }) + warcRecord({ id: B, content: 'b' })
    for await (const ev of readWarcRecords(chunked(bytes(input), 100), { bufferLimit: 1000 })) {
      if (ev.kind !== 'record') throw new Error(ev.message)
      const pieces: Uint8Array[] = []
      for await (const p of ev.body) pieces.push(p)
      const expected = header({ headers: [...ev.headers.entries()] } as ReadRecord, 'WARC-Record-ID') === `<urn:uuid:${A}>` ? content : 'b'
      expect(text(join(pieces))).toBe(expected)
      expect(ev.content == null).toBe(expected === content)
      expect((await ev.end).length).toBe(expected.length)
    }
  })
})

describe('the source failing', () => {
  it('yields what came before, then source-failed with the cause, and does not throw', async () => {
    const all = fixtureBytes('ipwb/frogTest.warc')
    const whole = records(await readAll(chunked(all, 4096)))
    const boom = new Error('unexpected end of file')
    async function * failing (): AsyncGenerator<Uint8Array> {
      const cut = whole[3] as ReadRecord
      yield * chunked(all.subarray(0, cut.offset + cut.headerLength + 50), 1000)
      throw boom
    }
    const events = await readAll(failing())
    expect(comparable(records(events))).toEqual(comparable(whole.slice(0, 3)))
    expect(problems(events)).toEqual([expect.objectContaining({
      code: 'source-failed', severity: 'error', cause: boom, recordId: header(whole[3] as ReadRecord, 'WARC-Record-ID')
    })])
  })

  it('a truncated gzip member, as zlib reports it', async () => {
    const { createGunzip, gzipSync } = await import('node:zlib')
    const { Readable } = await import('node:stream')
    const all = fixtureBytes('ipwb/frogTest.warc')
    const gz = gzipSync(all)
    const events = await readAll(Readable.from([gz.subarray(0, gz.length - 5000)]).pipe(createGunzip()))
    const last = events[events.length - 1]
    expect(last).toMatchObject({ kind: 'problem', code: 'source-failed' })
    expect(records(events).length).toBeGreaterThan(0)
  })
})
