import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FIXTURES } from '../../core/warc/fixtures.test-support.ts'
import { inputFormat } from './input-format.ts'

const dir = mkdtempSync(join(tmpdir(), 'iparo-input-format-'))
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

const fixtures = ['ipwb', 'pywb', 'real'].flatMap(d => readdirSync(new URL(`${d}/`, FIXTURES)).map(f => `${d}/${f}`))

describe('inputFormat: what an input file is, from its first bytes', () => {
  it('every WARC fixture is a WARC; every WACZ and ARC is a format not supported yet', async () => {
    for (const name of fixtures) {
      const format = await inputFormat(new URL(name, FIXTURES).pathname)
      if (/\.warc(\.gz)?$/.test(name)) expect(format, name).toEqual({ kind: 'warc' })
      else expect(format, name).toMatchObject({ kind: 'unreadable', code: 'unsupported-format' })
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
    expect(await inputFormat(zip)).toEqual({ kind: 'unreadable', code: 'not-a-warc', message: 'the file is a zip archive, not a WARC file' })
  })
})
