import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixtureUrl } from '../../../core/warc/fixtures.test-support.ts'
import { parseCommandArgs } from '../cli-args.ts'
import { exitCodeFor } from '../cli-error.ts'
import type { Command } from '../command.ts'
import { runCliCaptured } from '../run-cli.test-support.ts'
import { ingestJson } from './ingest-command.test-support.ts'

/** One command run in this process, its output captured (as runCliCaptured does, for a command not yet in COMMANDS). */
export async function runCommand (command: Command, argv: string[]): Promise<{ code: number, out: string, err: string }> {
  let out = ''
  let err = ''
  const ctx = {
    stdout: { write: (s: string | Uint8Array) => { out += String(s); return true } },
    stderr: { write: (s: string | Uint8Array) => { err += String(s); return true } },
    env: {},
    pipeOut: async () => {}
  }
  try {
    await command.run(parseCommandArgs(argv, command.options), ctx)
    return { code: 0, out, err }
  } catch (e) {
    return { code: exitCodeFor(e), out, err: err + String(e) }
  }
}

/** A data folder with ipwb's five mementos of http://memento.us/ in archive `five`, and their CIDs in time order. */
export async function fiveMementosFolder (): Promise<{ data: string, cids: string[] }> {
  const data = mkdtempSync(join(tmpdir(), 'iparo-annotate-'))
  const ingest = await ingestJson(data, [fixtureUrl('ipwb/5mementos.warc').pathname], 'five')
  if (ingest.code !== 0) throw new Error(ingest.err)
  const timemap = await runCliCaptured(['timemap', 'five', 'http://memento.us/', '--json', '--data', data])
  const { mementos } = JSON.parse(timemap.out) as { mementos: Array<{ cid: string }> }
  return { data, cids: mementos.map(m => m.cid) }
}
