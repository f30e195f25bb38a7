import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixtureUrl } from '../../core/warc/fixtures.test-support.ts'
import { runCliCaptured } from '../cli/run-cli.test-support.ts'

interface Listed { mementos: Array<{ cid: string, datetime: string }> }

// The path an archivist runs, on a real crawl of 31 URLs (revisits, redirects, http and https forms of
// one URL under one key): every URL's captures found by scanning are its TimeMap's, CID for CID.
describe('iparo scan of the iana.org crawl ingested with --namespace', () => {
  let dir: string
  const cli = async (...args: string[]): Promise<{ code: number, out: string, err: string }> => runCliCaptured(['--data', dir, ...args])
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iparo-scan-iana-'))
    // 4 + 6 bits: few enough to keep the test fast, enough URL bits that other URLs collide now and then
    const ingest = await cli('ingest', fileURLToPath(fixtureUrl('pywb/iana.warc.gz')), '--archive', 'iana', '--namespace', '4:6', '--json')
    expect(ingest.code, ingest.err).toBe(0)
  })
  afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

  it('lists, for every URL of the archive, what `iparo timemap` lists', async () => {
    const info = JSON.parse((await cli('archive', 'info', 'iana', '--json')).out) as { urls: number }
    const keys = new Set<string>()
    let collisions = 0
    for (const [key, url] of await archiveUrls(cli)) {
      const timemap = JSON.parse((await cli('timemap', 'iana', url, '--json')).out) as Listed
      const scan = await cli('scan', url, '--json')
      expect(scan.code, `${url}: ${scan.err}`).toBe(0)
      const report = JSON.parse(scan.out) as Listed & { candidates: number, collisions: number }
      expect(report.mementos, url).toEqual(timemap.mementos.map(m => ({ cid: m.cid, datetime: m.datetime })))
      collisions += report.collisions
      keys.add(key)
    }
    expect(keys.size).toBe(info.urls)
    // 6 URL bits over 31 URLs: some IPAROs of other URLs share a prefix, and are dropped
    expect(collisions).toBeGreaterThan(0)
  })
})

/** The archive's URLs by key, from `iparo export --cdxj` (a line per capture: key, datetime, JSON with the URL). */
async function archiveUrls (cli: (...args: string[]) => Promise<{ code: number, out: string }>): Promise<Map<string, string>> {
  const urls = new Map<string, string>()
  for (const line of (await cli('export', 'iana', '--cdxj')).out.split('\n')) {
    const at = line.indexOf(' {')
    if (at > 0) urls.set(line.slice(0, line.indexOf(' ')), (JSON.parse(line.slice(at + 1)) as { url: string }).url)
  }
  return urls
}
