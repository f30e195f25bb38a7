import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { sampleHar } from '../../core/formats/har/sample-har.test-support.ts'
import { FIXTURES } from '../../core/warc/fixtures.test-support.ts'
import { inputFormat } from './input-format.ts'

const dir = mkdtempSync(join(tmpdir(), 'iparo-input-format-'))
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

const fixtures = ['ipwb', 'pywb', 'real'].flatMap(d => readdirSync(new URL(`${d}/`, FIXTURES)).map(f => `${d}/${f}`))

describe('inputFormat: what an input file is, from its first bytes', () => {
  it('every fixture is what its bytes say: WARC, ARC or WACZ', async () => {
    for (const name of fixtures) {
      const format = await inputFormat(new URL(name, FIXTURES).pathname)
      const kind = /\.warc(\.gz)?$/.test(name) ? 'warc' : /\.arc(\.gz)?$/.test(name) ? 'arc' : 'wacz'
      expect(format, name).toEqual({ kind })
    }
  })

  it('the bytes decide, never the name: a WARC named .har, a HAR named .warc, an ARC named .txt', async () => {
    const warc = join(dir, 'capture.har')
    writeFileSync(warc, readFileSync(new URL('ipwb/frogTest.warc', FIXTURES)))
    expect(await inputFormat(warc)).toEqual({ kind: 'warc' })
    const har = JSON.stringify(sampleHar(), null, 2)
    for (const [name, bytes] of [['capture.warc', har], ['bom.warc', '\ufeff \n' + har], ['capture.warc.gz', gzipSync(har)]] as const) {
      const path = join(dir, name)
      writeFileSync(path, bytes)
      expect(await inputFormat(path), name).toEqual({ kind: 'har', gzipped: name.endsWith('.gz') })
    }
    const arc = join(dir, 'arc.txt')
    writeFileSync(arc, readFileSync(new URL('pywb/example.arc.gz', FIXTURES)))
    expect(await inputFormat(arc)).toEqual({ kind: 'arc' })
    // an ARC without its filedesc record (a fragment): its first line is a URL record's header line
    const fragment = join(dir, 'fragment')
    writeFileSync(fragment, 'http://a.test/ 1.2.3.4 20140216050221 text/html 3\nabc\n')
    expect(await inputFormat(fragment)).toEqual({ kind: 'arc' })
  })

  it('JSON that is no HAR, garbage, an image and an empty file are unreadable, with what they are', async () => {
    const cases: Array<[string, string | Uint8Array, RegExp]> = [
      ['other.json', '{"name": "x", "log": "not an object"}', /^not a WARC, ARC, HAR or WACZ file: it starts with "\{/],
      ['list.har', '[{"log": {"entries": []}}]', /^not a WARC, ARC, HAR or WACZ file/],
      ['garbage.warc', 'hello, world\nthis is text', /^not a WARC, ARC, HAR or WACZ file: it starts with "hello, world\\nthi"/],
      ['image.warc', Buffer.from('\x89PNG\r\n\x1a\n0000', 'latin1'), /^the file is a PNG image/],
      ['empty.har', '', /^the file is empty/]
    ]
    for (const [name, bytes, message] of cases) {
      const path = join(dir, name)
      writeFileSync(path, bytes)
      expect(await inputFormat(path), name).toEqual({ kind: 'unreadable', code: 'not-a-warc', message: expect.stringMatching(message) as string })
    }
  })

  it('a WARC behind garbage, and a .warc.gz whose first member is damaged, are left to the reader', async () => {
    const warc = readFileSync(new URL('ipwb/frogTest.warc', FIXTURES))
    const behind = join(dir, 'behind.warc')
    writeFileSync(behind, Buffer.concat([Buffer.from('some garbage\n'), warc]))
    expect(await inputFormat(behind)).toEqual({ kind: 'warc' })
    const gz = readFileSync(new URL('pywb/iana.warc.gz', FIXTURES))
    for (let i = 20; i < 300; i++) gz[i] = (gz[i] ?? 0) ^ 0x55
    const damaged = join(dir, 'damaged.warc.gz')
    writeFileSync(damaged, gz)
    expect(await inputFormat(damaged)).toEqual({ kind: 'warc' })
  })

  it('a zip that is no WACZ is named as what it is', async () => {
    const zip = join(dir, 'other.zip')
    writeFileSync(zip, Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26), Buffer.from('readme.txt')]))
    expect(await inputFormat(zip)).toEqual({ kind: 'unreadable', code: 'not-a-warc', message: 'the file is a zip archive, not a WARC, ARC, HAR or WACZ file' })
  })
})
