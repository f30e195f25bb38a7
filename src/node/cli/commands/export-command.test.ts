import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { toDigits14 } from '../../../core/datetime.ts'
import { compareLines } from '../../../core/export/cdxj.ts'
import { fresh, iana, ingestCids, iparo, parseCdxj, recordAt, warcioRecords } from '../../export/export-cli.test-support.ts'
import { unzipMembers } from '../../export/wacz.test-support.ts'

let data: string
let out: string
let original: string[]

beforeAll(async () => {
  data = fresh()
  out = fresh()
  original = await ingestCids(data, 'iana', iana)
})

describe('iparo export --warc --cdxj', () => {
  let warcFile: string
  let cdxj: string

  beforeAll(async () => {
    warcFile = join(out, 'iana.warc.gz')
    const run = await iparo(data, 'export', 'iana', '--warc', warcFile, '--cdxj', join(out, 'iana.cdxj'))
    expect(run.err).toBe('')
    expect(run.code).toBe(0)
    cdxj = readFileSync(join(out, 'iana.cdxj'), 'utf8')
  })

  it('writes a WARC warcio reads whole: per memento its header, memento and request records', async () => {
    const records = await warcioRecords(new Uint8Array(readFileSync(warcFile)))
    const count = (type: string): number => records.filter(r => r.warcType === type).length
    expect(count('metadata')).toBe(original.length)
    expect(count('response') + count('revisit')).toBe(original.length)
    expect(count('revisit')).toBeGreaterThan(100)
    expect(records.every(r => r.warcType !== 'response' || r.warcHeaders.headers.get('WARC-IPARO-Source-Type') == null)).toBe(true)
  })

  it('re-ingests into a new archive as the same IPAROs', async () => {
    expect(await ingestCids(data, 'again', warcFile)).toEqual(original)
  })

  it('indexes every memento, sorted as pywb sorts, each line locating its record', async () => {
    const lines = cdxj.trimEnd().split('\n')
    expect(lines).toHaveLength(original.length)
    expect([...lines].sort(compareLines)).toEqual(lines)
    for (const entry of parseCdxj(cdxj)) {
      const record = await recordAt(warcFile, entry)
      expect(record.warcTargetURI).toBe(entry.json.url)
      expect(toDigits14(record.warcDate ?? '')).toBe(entry.timestamp)
      expect(record.warcType).toBe(entry.json.mime === 'warc/revisit' ? 'revisit' : 'response')
      expect(entry.json.filename).toBe('iana.warc.gz')
      expect(record.warcPayloadDigest).toBe(entry.json.digest)
    }
  })

  it('writes a plain WARC when the name does not end in .gz (its round trip: src/core/export/warc-round-trip.test.ts)', async () => {
    const plain = join(out, 'iana.warc')
    expect((await iparo(data, 'export', 'iana', '--warc', plain)).code).toBe(0)
    expect(readFileSync(plain).subarray(0, 8).toString()).toBe('WARC/1.1')
    expect((await warcioRecords(new Uint8Array(readFileSync(plain)))).length).toBeGreaterThan(original.length * 2)
  })
})

describe('iparo export --wacz', () => {
  let members: Map<string, { bytes: Uint8Array, stored: boolean }>

  beforeAll(async () => {
    const file = join(out, 'iana.wacz')
    const run = await iparo(data, 'export', 'iana', '--wacz', file)
    expect(run.code).toBe(0)
    members = await unzipMembers(readFileSync(file))
  })

  it('holds the WACZ 1.1.1 files, the WARC and the CDXJ blocks stored (not deflated)', () => {
    expect([...members.keys()].sort()).toEqual(['archive/data.warc.gz', 'datapackage-digest.json', 'datapackage.json', 'indexes/index.cdx.gz', 'indexes/index.idx', 'pages/pages.jsonl'])
    expect(members.get('archive/data.warc.gz')?.stored).toBe(true)
    expect(members.get('indexes/index.cdx.gz')?.stored).toBe(true)
    expect(new TextDecoder().decode(members.get('indexes/index.idx')?.bytes).split('\n')[0]).toBe('!meta 0 {"format":"cdxj-gzip-1.0","filename":"index.cdx.gz"}')
  })

  it('lists every other file in datapackage.json with its sha256 and size, and digests that', async () => {
    const { createHash } = await import('node:crypto')
    const sha = (b: Uint8Array | undefined): string => `sha256:${createHash('sha256').update(b ?? new Uint8Array()).digest('hex')}`
    const pkgBytes = members.get('datapackage.json')?.bytes
    const pkg = JSON.parse(new TextDecoder().decode(pkgBytes)) as { wacz_version: string, resources: Array<{ path: string, hash: string, bytes: number }> }
    expect(pkg.wacz_version).toBe('1.1.1')
    expect(pkg.resources.map(r => r.path).sort()).toEqual(['archive/data.warc.gz', 'indexes/index.cdx.gz', 'indexes/index.idx', 'pages/pages.jsonl'])
    for (const r of pkg.resources) {
      expect(r.hash).toBe(sha(members.get(r.path)?.bytes))
      expect(r.bytes).toBe(members.get(r.path)?.bytes.byteLength)
    }
    const digest = JSON.parse(new TextDecoder().decode(members.get('datapackage-digest.json')?.bytes)) as { path: string, hash: string }
    expect(digest).toEqual({ path: 'datapackage.json', hash: sha(pkgBytes) })
  })

  it('lists the text/html 200 captures as pages, with titles and timestamps', () => {
    const lines = new TextDecoder().decode(members.get('pages/pages.jsonl')?.bytes).trimEnd().split('\n').map(l => JSON.parse(l) as Record<string, string>)
    expect(lines[0]?.format).toBe('json-pages-1.0')
    const home = lines.find(p => p.url === 'http://www.iana.org/')
    expect(home?.title).toBe('Internet Assigned Numbers Authority')
    expect(home?.ts).toMatch(/^2014-01-26T20:06:24/)
  })

  it('holds a WARC that warcio reads and that re-ingests as the same IPAROs', async () => {
    const warc = members.get('archive/data.warc.gz')?.bytes ?? new Uint8Array()
    expect((await warcioRecords(warc)).length).toBeGreaterThan(original.length * 2)
    const file = join(out, 'from-wacz.warc.gz')
    writeFileSync(file, warc)
    expect(await ingestCids(data, 'from-wacz', file)).toEqual(original)
  })
})

describe('iparo export, one memento per URL and bad input', () => {
  it('--latest and --at give one memento per URL', async () => {
    const urls = new Set((await iparo(data, 'export', 'iana', '--cdxj')).out.trimEnd().split('\n').map(l => l.split(' ')[0]))
    for (const choice of [['--latest'], ['--at', '20140126200700']]) {
      const lines = (await iparo(data, 'export', 'iana', '--cdxj', ...choice)).out.trimEnd().split('\n')
      expect(lines).toHaveLength(urls.size)
      expect(new Set(lines.map(l => l.split(' ')[0])).size).toBe(urls.size)
    }
  })

  it('without --warc, index lines name their IPARO and no file offsets', async () => {
    const entries = parseCdxj((await iparo(data, 'export', 'iana', '--cdxj')).out)
    expect(entries).toHaveLength(original.length)
    expect(entries.every(e => e.json.offset == null && original.includes(e.json.iparo ?? ''))).toBe(true)
  })

  it('refuses an unknown archive with a clear error and writes nothing', async () => {
    const run = await iparo(data, 'export', 'no-such-archive', '--warc', join(out, 'none.warc.gz'))
    expect(run.code).toBe(1)
    expect(run.err).toMatch(/no-such-archive.*not a local archive/)
    expect(existsSync(join(out, 'none.warc.gz'))).toBe(false)
  })

  it('reports an unwritable output and leaves no file behind', async () => {
    const dir = join(out, 'missing-folder')
    const run = await iparo(data, 'export', 'iana', '--wacz', join(dir, 'x.wacz'))
    expect(run.code).toBe(1)
    expect(run.err).toMatch(/cannot write/)
    expect(existsSync(dir)).toBe(false)
    expect(readdirSync(out).filter(f => f.includes('partial') || f.startsWith('.iparo-wacz'))).toEqual([])
  })

  it('takes exactly one output format', async () => {
    expect((await iparo(data, 'export', 'iana', '--warc', 'a.warc', '--wacz', 'b.wacz')).code).toBe(2)
    expect((await iparo(data, 'export', 'iana')).code).toBe(2)
    expect((await iparo(data, 'export', 'iana', '--car', 'a.car', '--latest')).code).toBe(2)
  })
})
