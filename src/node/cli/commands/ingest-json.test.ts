import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { emptySummary } from '../../../core/ingest/ingest-run.ts'
import { SummaryLists } from '../../../core/ingest/summary-lists.ts'
import { IngestListSpill } from '../../ingest/ingest-list-spill.ts'
import type { CommandContext } from '../command.ts'
import { printIngestJson } from './ingest-json.ts'
import { ingestReport } from './ingest-report.ts'

const dirs: string[] = []
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }) })

/** A context whose stdout and pipeOut write into one string (the CLI's two ways to print). */
function capture (): { ctx: CommandContext, text: () => string } {
  let out = ''
  const decoder = new TextDecoder()
  const ctx: CommandContext = {
    stdout: { write: (s: string | Uint8Array) => { out += typeof s === 'string' ? s : decoder.decode(s) } },
    stderr: { write: () => {} },
    env: {},
    pipeOut: async (chunks) => { for await (const c of chunks) out += decoder.decode(c, { stream: true }) }
  }
  return { ctx, text: () => out }
}


describe('--json of an ingest whose lists outgrew memory', () => {
  it('prints every item, read back from the spill, as the same JSON the whole lists give', async () => {
    const data = mkdtempSync(join(tmpdir(), 'ingest-json-'))
    dirs.push(data)
    const spill = await IngestListSpill.create(data)
    const kept = emptySummary()
    const whole = emptySummary()
    const short = new SummaryLists(kept, { keep: 2, spill })
    const all = new SummaryLists(whole)
    const add = (f: (l: SummaryLists) => void): void => { f(short); f(all) }
    // enough IPAROs to cross the spill's write buffer more than once
    for (let i = 0; i < 20_000; i++) add(l => { l.add('iparos', { cid: `bafy${i}`, uri: `http://example.com/${i}"\u0000list:iparos"`, datetime: '2020-01-01T00:00:00Z' }) })
    for (let i = 0; i < 3; i++) add(l => { l.add('warnings', { file: 'a.warc', offset: i, code: 'w', message: `warning ${i}` }) })
    add(l => { l.add('unresolved', { uri: 'http://example.com/r', datetime: '2020-01-01T00:00:00Z' }) })
    expect(kept.iparos).toHaveLength(2)
    expect(kept.listed).toEqual({ iparos: 20_000, warnings: 3, errors: 0, unresolved: 1 })

    const outcome = { published: true, exitCode: 0 }
    const streamed = capture()
    await printIngestJson(streamed.ctx, ingestReport('a', undefined, kept, outcome), kept, spill)
    const direct = capture()
    await printIngestJson(direct.ctx, ingestReport('a', undefined, whole, outcome), whole, undefined)
    expect(JSON.parse(streamed.text())).toEqual(JSON.parse(direct.text()))
    await spill.close()
    expect(readdirSync(join(data, 'tmp'))).toEqual([])
  })
})
