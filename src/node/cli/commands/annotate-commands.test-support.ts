import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixtureUrl } from '../../../core/warc/fixtures.test-support.ts'
import { runCliCaptured } from '../run-cli.test-support.ts'
import { ingestJson } from './ingest-command.test-support.ts'

/** A data folder with ipwb's five mementos of http://memento.us/ in archive `five`, and their CIDs in time order. */
export async function fiveMementosFolder (): Promise<{ data: string, cids: string[] }> {
  const data = mkdtempSync(join(tmpdir(), 'iparo-annotate-'))
  const ingest = await ingestJson(data, [fixtureUrl('ipwb/5mementos.warc').pathname], 'five')
  if (ingest.code !== 0) throw new Error(ingest.err)
  const timemap = await runCliCaptured(['timemap', 'five', 'http://memento.us/', '--json', '--data', data])
  const { mementos } = JSON.parse(timemap.out) as { mementos: Array<{ cid: string }> }
  return { data, cids: mementos.map(m => m.cid) }
}
