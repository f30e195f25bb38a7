import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { fixtureUrl } from '../../../core/warc/fixtures.test-support.ts'
import { runCliCaptured } from '../run-cli.test-support.ts'
import { damagedCopy, fixturePayload, ingestJson, noiseBytes, served } from './ingest-command.test-support.ts'

const dir = mkdtempSync(join(tmpdir(), 'iparo-ingest-exit-'))
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })
let folders = 0
const dataFolder = (): string => join(dir, `data-${folders++}`)
const fixture = (name: string): string => fixtureUrl(name).pathname

// iana.warc.gz is gzipped per record: its 18th member (file offsets 198,285 to 315,451) holds the
// OpenSans-Bold.ttf response; 2 KB of noise at 300,000 damage that member only.
const IANA = 'pywb/iana.warc.gz'
const DAMAGED_MEMBER = 198_285
const NEXT_MEMBER = 315_451
const damagedIana = (): string => damagedCopy(IANA, join(dir, `iana-damaged-${folders}.warc.gz`), 300_000, noiseBytes(2048))

describe('iparo ingest: a .warc.gz damaged in the middle', () => {
  it('ingests every member before the damage and every one after it, reports file offsets, exits 65', async () => {
    const data = dataFolder()
    const { code, summary, err } = await ingestJson(data, [damagedIana()])
    expect(code).toBe(65)
    expect(err).toMatch(/IngestIncompleteError: 1 error\(s\) in the WARC data \(damage, truncation, bytes that are not records\) left what they cover out; the rest was ingested and published/)
    // 343 records less the damaged member's one
    expect(summary.records).toBe(342)
    expect(summary).toMatchObject({ exitCode: 65, published: true })
    expect(summary.errors).toEqual([expect.objectContaining({
      code: 'gzip-damaged',
      offset: DAMAGED_MEMBER,
      message: expect.stringContaining(`damaged gzip member at file offset ${DAMAGED_MEMBER} (`) as string
    })])
    expect(summary.errors[0]?.message).toContain(`skipped file offsets ${DAMAGED_MEMBER} to ${NEXT_MEMBER} (${NEXT_MEMBER - DAMAGED_MEMBER} bytes)`)
    // the lost response's revisits have no original left: listed, never given another payload
    expect(summary.revisits.unresolvedList.every(u => u.uri.endsWith('/OpenSans-Bold.ttf'))).toBe(true)

    // a capture from a member before the damage and one after it replay byte for byte (`id_`)
    const before = { uri: 'http://www.iana.org/_img/2013.1/iana-logo-homepage.png', date: '2014-01-26T20:06:25Z', path: '/default/20140126200625id_/http://www.iana.org/_img/2013.1/iana-logo-homepage.png' }
    const after = { uri: 'http://www.iana.org/_img/bookmark_icon.ico', date: '2014-01-26T20:06:31Z', path: '/default/20140126200631id_/http://www.iana.org/_img/bookmark_icon.ico' }
    const [b, a] = await served(data, [before.path, after.path])
    expect(b?.status).toBe(200)
    expect(b?.body.equals(await fixturePayload(IANA, before.uri, before.date))).toBe(true)
    expect(a?.status).toBe(200)
    expect(a?.body.equals(await fixturePayload(IANA, after.uri, after.date))).toBe(true)
  }, 60_000)

  it('damage in the very first member: reading resumes at the next intact one', async () => {
    const path = damagedCopy(IANA, join(dir, 'iana-first.warc.gz'), 100, noiseBytes(300, 2))
    const { code, summary } = await ingestJson(dataFolder(), [path])
    expect(code).toBe(65)
    expect(summary.errors).toHaveLength(1)
    expect(summary.errors[0]).toMatchObject({ code: 'gzip-damaged', offset: 0 })
    expect(summary.errors[0]?.message).toMatch(/^damaged gzip member at file offsets? 0\b.*(skipped file offsets \d+ to 2592|reading resumed)/)
    // the warcinfo and the first response are in the damaged members; everything else is read
    expect(summary.records).toBeGreaterThanOrEqual(341)
  }, 60_000)

  it('a truncated last member: every record before it is ingested, the cut one reported at its member', async () => {
    const whole = readFileSync(fixture(IANA))
    const path = join(dir, 'iana-cut.warc.gz')
    writeFileSync(path, whole.subarray(0, whole.length - 300))
    const { code, summary } = await ingestJson(dataFolder(), [path])
    expect(code).toBe(65)
    expect(summary.records).toBe(342)
    expect(summary.errors).toEqual([expect.objectContaining({ code: 'gzip-damaged', message: expect.stringMatching(/^the file ends inside the gzip member at file offset (\d+)/) as string })])
    const member = Number(/file offset (\d+)/.exec(summary.errors[0]?.message ?? '')?.[1])
    expect(summary.errors[0]?.offset).toBe(member)
    expect(member).toBeGreaterThan(whole.length - 2000)
  }, 60_000)

  it('one gzip member for the whole file: damage costs the rest of it, and the message says so', async () => {
    const warc = gunzipSync(readFileSync(fixture(IANA)))
    const path = join(dir, 'iana-one-member.warc.gz')
    const one = gzipSync(warc)
    // noise that breaks the deflate data itself (a code it cannot decode) past the first third of the file
    writeFileSync(path, Buffer.concat([one.subarray(0, 250_000), Buffer.alloc(4096, 0xff), one.subarray(254_096)]))
    const { code, summary } = await ingestJson(dataFolder(), [path])
    expect(code).toBe(65)
    expect(summary.errors).toHaveLength(1)
    expect(summary.errors[0]).toMatchObject({ code: 'gzip-damaged', offset: 0 })
    expect(summary.errors[0]?.message).toContain('the file is one gzip member (the WARC was gzipped whole, not per record)')
    // what lay before the damage was read (the damage is 250 KB into 630 KB of gzip; the first 17
    // records inflate from its first 200 KB)
    expect(summary.records).toBeGreaterThanOrEqual(15)
    expect(summary.records).toBeLessThan(343)
  }, 60_000)

  it('a plain .warc with garbage between records: the garbage reported at its file offset, every record read', async () => {
    const warc = readFileSync(fixture('ipwb/frogTest.warc'))
    const at = warc.indexOf('WARC/1.0', 1000)
    // noise with no line ending at its end: the record glued to it is still found
    const garbage = Buffer.from(noiseBytes(3000, 4)).toString('latin1').replace(/WARC/g, 'xxxx').replace(/[\r\n]+$/, '')
    const path = join(dir, 'frog-garbage.warc')
    writeFileSync(path, Buffer.concat([warc.subarray(0, at), Buffer.from(garbage, 'latin1'), warc.subarray(at)]))
    const { code, summary } = await ingestJson(dataFolder(), [path])
    expect(code).toBe(65)
    expect(summary.records).toBe(6)
    expect(summary.errors).toEqual([expect.objectContaining({ code: 'garbage', offset: at, message: `${garbage.length} bytes that are not a WARC record` })])
  })

  it('a whole-file .warc.gz with garbage inside: reported at its gzip member, with the place in what it inflates to', async () => {
    const warc = readFileSync(fixture('ipwb/frogTest.warc'))
    const at = warc.indexOf('WARC/1.0', 1000)
    const path = join(dir, 'frog-garbage.warc.gz')
    writeFileSync(path, gzipSync(Buffer.concat([warc.subarray(0, at), Buffer.from('garbage, not a record\r\n\r\n'), warc.subarray(at)])))
    const { code, summary } = await ingestJson(dataFolder(), [path])
    expect(code).toBe(65)
    expect(summary.errors).toEqual([expect.objectContaining({ code: 'garbage', offset: 0, message: `25 bytes that are not a WARC record (byte ${at} of what the gzip member at file offset 0 inflates to)` })])
  })
})

describe('iparo ingest: exit codes', () => {
  const unreadable: Array<[string, string, RegExp]> = [
    // (files ingest reads are known by their bytes: src/node/ingest/input-format.test.ts)
    ['broken.har', 'not-a-har', /^the file looks like a HAR but is not valid JSON/],
    ['notes.zip', 'not-a-warc', /^the file is a zip archive, not a WARC, ARC, HAR or WACZ file$/]
  ]
  const unreadableFile = (name: string): string => {
    const path = join(dir, name)
    writeFileSync(path, name.endsWith('.har') ? '{"log": {"version": "1.2", "entries": [' : Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26), Buffer.from('notes.txt')]))
    return path
  }
  for (const [name, errorCode, message] of unreadable) {
    it(`${name}: exit 65, the format named, no archive created`, async () => {
      const data = dataFolder()
      const { code, summary, err } = await ingestJson(data, [unreadableFile(name)])
      expect(code).toBe(65)
      expect(err).toMatch(/could not be read; nothing was ingested: no archive was created/)
      expect(summary).toMatchObject({ records: 0, mementos: 0, published: false, exitCode: 65, root: null, ipns: null })
      expect(summary.errors).toEqual([expect.objectContaining({ code: errorCode, offset: 0, message: expect.stringMatching(message) as string })])
      const list = await runCliCaptured(['archive', 'list', '--data', data, '--json'])
      expect(JSON.parse(list.out)).toEqual([])
    })
  }

  it('a PNG, an empty file and text are not WARC files: exit 65 with what they are', async () => {
    const png = join(dir, 'image.warc')
    writeFileSync(png, Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(noiseBytes(500))]))
    const empty = join(dir, 'empty.warc')
    writeFileSync(empty, '')
    const text = join(dir, 'notes.warc.gz')
    writeFileSync(text, gzipSync('just some notes\n'))
    const { code, summary } = await ingestJson(dataFolder(), [png, empty, text])
    expect(code).toBe(65)
    expect(summary.errors.map(e => [e.code, e.message])).toEqual([
      ['not-a-warc', 'the file is a PNG image, not a WARC, ARC, HAR or WACZ file'],
      ['not-a-warc', 'the file is empty: no records to read'],
      ['not-a-warc', 'not a WARC, ARC, HAR or WACZ file: it starts with "just some notes\\n" where a WARC starts with "WARC/1.0" or "WARC/1.1", an ARC with "filedesc://" and a HAR with {"log": … (gzipped)']
    ])
  })

  it('warnings only: exit 0', async () => {
    // every record of 5mementos.warc declares a wrong payload digest
    const { code, summary } = await ingestJson(dataFolder(), [fixture('ipwb/5mementos.warc')])
    expect(code).toBe(0)
    expect(summary.exitCode).toBe(0)
    expect(summary.errors).toEqual([])
    expect(summary.warnings.length).toBeGreaterThan(0)
  })

  it('a damaged file and a file that is no archive into an existing archive: everything stored before still replays, the readable rest is added', async () => {
    const data = dataFolder()
    const first = await ingestJson(data, [fixture('pywb/example.warc.gz')], 'kept')
    expect(first.code).toBe(0)
    const examplePath = '/kept/20140103030321id_/http://example.com?example=1'
    const [was] = await served(data, [examplePath])
    expect(was?.status).toBe(200)

    // nothing readable: the archive is left as it was
    const none = await ingestJson(data, [unreadableFile('notes.zip')], 'kept')
    expect(none.code).toBe(65)
    expect(none.summary).toMatchObject({ published: false, root: first.summary.root, ipns: first.summary.ipns })
    expect(none.err).toMatch(/nothing was ingested: the archive is unchanged/)

    const more = await ingestJson(data, [damagedIana(), unreadableFile('broken.har')], 'kept')
    expect(more.code).toBe(65)
    expect(more.summary.published).toBe(true)
    expect(more.summary.root).not.toBe(first.summary.root)
    expect(more.summary.errors.map(e => [e.code, e.offset])).toEqual([['gzip-damaged', DAMAGED_MEMBER], ['not-a-har', 0]])
    const [still, added] = await served(data, [examplePath, '/kept/20140126200631id_/http://www.iana.org/_img/bookmark_icon.ico'])
    expect(still?.status).toBe(200)
    expect(still?.body.equals(was?.body ?? Buffer.alloc(0))).toBe(true)
    expect(added?.status).toBe(200)
    const info = JSON.parse((await runCliCaptured(['archive', 'info', 'kept', '--data', data, '--json'])).out) as { mementos: number }
    expect(info.mementos).toBe(first.summary.mementos + more.summary.mementos)
  }, 60_000)
})
