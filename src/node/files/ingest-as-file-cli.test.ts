import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { served } from '../cli/commands/ingest-command.test-support.ts'
import { runCliCaptured } from '../cli/run-cli.test-support.ts'
import { fixturePath } from './file-archive.test-support.ts'

const dir = mkdtempSync(join(tmpdir(), 'iparo-as-file-'))
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

interface AsFileReport { archive: string, root: string, published: boolean, exitCode: number, files: Array<{ name: string, iparo: string, index: string, indexed: number }> }

describe('iparo ingest --as-file', () => {
  it('stores the file as one IPARO, lists its CID with --json, and the node replays it', async () => {
    const data = join(dir, 'data-1')
    const run = await runCliCaptured(['ingest', fixturePath('ipwb/2mementos.warc'), '--as-file', '--archive', 'whole', '--data', data, '--json'])
    expect(run.code, run.err).toBe(0)
    const report = JSON.parse(run.out) as AsFileReport
    expect(report.published).toBe(true)
    expect(report.files).toEqual([expect.objectContaining({ name: '2mementos.warc', indexed: 4 })])
    expect(report.files[0]?.iparo).toMatch(/^bafy/)
    const [page, timemap] = await served(data, ['/whole/20130202100000id_/http://memento.us/', '/whole/timemap/link/http://memento.us/'])
    expect(page?.status).toBe(200)
    expect(timemap?.body.toString().match(/rel="[a-z ]*memento"/g)?.length).toBe(2)
  })

  it('refuses a .warc.gz whose gzip member holds several records, and publishes nothing', async () => {
    const whole = join(dir, 'whole-gzip.warc.gz')
    writeFileSync(whole, gzipSync(Buffer.from(await (await import('node:fs/promises')).readFile(fixturePath('ipwb/2mementos.warc')))))
    const data = join(dir, 'data-2')
    const run = await runCliCaptured(['ingest', whole, '--as-file', '--data', data, '--json'])
    expect(run.code).toBe(65)
    expect(run.err).toMatch(/one record per member/)
    expect(JSON.parse(run.out)).toEqual(expect.objectContaining({ published: false, error: expect.objectContaining({ code: 'WarcFormatError', exitCode: 65 }) }))
    const list = await runCliCaptured(['archive', 'list', '--data', data, '--json'])
    expect(list.out).not.toContain('default')
  })
})
