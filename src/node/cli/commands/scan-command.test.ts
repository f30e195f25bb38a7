import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixtureUrl } from '../../../core/warc/fixtures.test-support.ts'
import { ArchiveRegistry } from '../../archive-registry.ts'
import { openEmbeddedStore } from '../../embedded-store.ts'
import { namespacedArchive } from '../../namespace/scan-archive.test-support.ts'
import { localLayouts } from '../../namespace/scan-layouts.ts'
import { runCliCaptured } from '../run-cli.test-support.ts'

const URL = 'http://memento.us/'

describe('iparo scan', () => {
  let dir: string
  const cli = async (...args: string[]): Promise<{ code: number, out: string, err: string }> => runCliCaptured(['--data', dir, ...args])
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iparo-scan-cli-'))
    const store = await openEmbeddedStore(dir)
    await namespacedArchive(store, 'a', ['ipwb/5mementos.warc'], { bits: 4, urlBits: 4 })
    await store.close()
  })
  afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

  it('--json lists what `iparo timemap --json` lists for the archive, found with no archive named', async () => {
    const scan = await cli('scan', URL, '--json')
    const timemap = await cli('timemap', 'a', URL, '--json')
    expect(scan.code, scan.err).toBe(0)
    const report = JSON.parse(scan.out) as { url: string, mementos: unknown[], candidates: number, collisions: number }
    expect(Object.keys(report)).toEqual(['url', 'mementos', 'candidates', 'collisions'])
    const listed = (JSON.parse(timemap.out) as { mementos: Array<{ cid: string, datetime: string }> }).mementos.map(m => ({ cid: m.cid, datetime: m.datetime }))
    expect(listed).toHaveLength(5)
    expect(report.url).toBe(URL)
    expect(report.mementos).toEqual(listed)
    expect(report.collisions).toBe(report.candidates - 5)
  })

  it('prints a line per memento and a summary', async () => {
    const { code, out } = await cli('scan', URL)
    expect(code).toBe(0)
    const lines = out.trimEnd().split('\n')
    expect(lines).toHaveLength(6)
    expect(lines[0]).toMatch(/^2013-02-02T10:00:00Z {2}bafy\w+$/)
    expect(lines[5]).toMatch(/^5 mementos, \d+ candidates, \d+ collisions \(namespace 4:4\)$/)
  })

  it('exits as `iparo timemap` does for a URL not held: 1, the empty list printed', async () => {
    const { code, out, err } = await cli('scan', 'http://example.com/nothing', '--json')
    expect(code).toBe(1)
    expect((JSON.parse(out) as { mementos: unknown[] }).mementos).toEqual([])
    expect(err).toMatch(/NotFoundError: no memento of http:\/\/example.com\/nothing/)
    expect((await cli('timemap', 'a', 'http://example.com/nothing')).code).toBe(1)
  })

  it('scans the layout named, and refuses a malformed one or a missing URL with 2', async () => {
    const other = await cli('scan', URL, '--namespace', '6:10', '--json')
    expect(other.code).toBe(1)
    expect((await cli('scan', URL, '--namespace', '4:4')).code).toBe(0)
    expect((await cli('scan', URL, '--namespace', '40:1')).code).toBe(2)
    expect((await cli('scan', URL, '--namespace', 'x')).code).toBe(2)
    expect((await cli('scan', URL, '--namespace', '0')).code).toBe(2)
    expect((await cli('scan')).code).toBe(2)
  })

  it('scans the default layout when no local archive records one', async () => {
    const empty = await openEmbeddedStore(mkdtempSync(join(tmpdir(), 'iparo-scan-none-')))
    try {
      await new ArchiveRegistry(empty).create('plain')
      expect(await localLayouts(new ArchiveRegistry(empty), empty.blocks)).toEqual([{ bits: 6, urlBits: 10 }])
    } finally {
      await empty.close()
      rmSync(empty.dir, { recursive: true, force: true })
    }
  })
})

describe('iparo scan after iparo ingest --namespace', () => {
  it('lists what iparo timemap lists for 5mementos', async () => {
    const data = mkdtempSync(join(tmpdir(), 'iparo-scan-ingest-'))
    try {
      const warc = fileURLToPath(fixtureUrl('ipwb/5mementos.warc'))
      const ingest = await runCliCaptured(['--data', data, 'ingest', '--archive', 'n', '--namespace', '4:4', warc])
      expect(ingest.code, ingest.err).toBe(0)
      const scan = await runCliCaptured(['--data', data, 'scan', URL, '--json'])
      const timemap = await runCliCaptured(['--data', data, 'timemap', 'n', URL, '--json'])
      expect(scan.code, scan.err).toBe(0)
      const listed = (JSON.parse(timemap.out) as { mementos: Array<{ cid: string, datetime: string }> }).mementos.map(m => ({ cid: m.cid, datetime: m.datetime }))
      expect(listed).toHaveLength(5)
      expect((JSON.parse(scan.out) as { mementos: unknown[] }).mementos).toEqual(listed)
    } finally {
      rmSync(data, { recursive: true, force: true })
    }
  })
})
