import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { BIN, FIXTURES, fresh, iparo, json, type Result } from '../../../e2e/support/iparo-process.ts'
import { processAlive } from '../process-alive.ts'

const IANA = `${FIXTURES}pywb/iana.warc.gz`
const BLACKBOOK = `${FIXTURES}ipwb/IAH-20080430204825-00000-blackbook.warc.gz`
const SEED = `${FIXTURES}ipwb/5mementos.warc`
// What each fixture holds once ingested alone into an empty archive (measured by the tests below too).
const mementosOf = async (file: string): Promise<number> => Number(json(await iparo(['ingest', file, '--data', fresh(), '--json'])).mementos)

/** Polls until `check` holds: the explicit signal waited for. */
async function until (what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(2)
  }
}

function readFileSyncOr (path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

const noRaceErrors = (r: Result): void => { expect(r.stderr).not.toMatch(/IpnsRecordError|ENOENT|signature/i) }

describe('concurrent writers of one data folder', () => {
  it('two ingests into one existing archive: every memento of both ends up in it', async () => {
    const [iana, blackbook, seed] = await Promise.all([mementosOf(IANA), mementosOf(BLACKBOOK), mementosOf(SEED)])
    const data = fresh()
    json(await iparo(['ingest', SEED, '--archive', 'a', '--data', data, '--json']))
    const [one, two] = await Promise.all([IANA, BLACKBOOK].map(async f => iparo(['ingest', f, '--archive', 'a', '--data', data, '--json'])))
    for (const r of [one, two]) { expect(r?.code).toBe(0); noRaceErrors(r as Result) }
    expect(Number(json(one as Result).mementos) + Number(json(two as Result).mementos)).toBe(iana + blackbook)
    expect(json(await iparo(['archive', 'info', 'a', '--json', '--data', data])).mementos).toBe(seed + iana + blackbook)
    const seedTimemap = json(await iparo(['timemap', 'a', 'http://memento.us/', '--json', '--data', data]))
    expect((seedTimemap.mementos as unknown[]).length).toBe(5)
    expect(json(await iparo(['timemap', 'a', 'http://www.iana.org/_css/2013.1/screen.css', '--json', '--data', data])).complete).toBe(true)
  })

  it('two ingests racing to create one archive: both succeed into the one archive, no key or record error', async () => {
    const data = fresh()
    const runs = await Promise.all([SEED, `${FIXTURES}ipwb/1memento.warc`].map(async f => iparo(['ingest', f, '--archive', 'new', '--data', data, '--json'])))
    for (const r of runs) { expect(r.code).toBe(0); noRaceErrors(r) }
    const total = runs.reduce((n, r) => n + Number(json(r).mementos), 0)
    const info = json(await iparo(['archive', 'info', 'new', '--json', '--data', data]))
    expect(info.mementos).toBe(total)
    expect(json(await iparo(['resolve', String(info.ipns), 'http://memento.us/', '--json', '--data', data])).url).toBe('http://memento.us/')
  })

  it('two `archive create` of one name: one creates it, the other is refused with a clear error (exit 1)', async () => {
    const data = fresh()
    const runs = await Promise.all([0, 1].map(async () => iparo(['archive', 'create', 'x', '--data', data])))
    expect(runs.map(r => r.code).sort()).toEqual([0, 1])
    const refused = runs.find(r => r.code === 1)
    expect(refused?.stderr).toMatch(/ArchiveError: an archive named "x" already exists/)
    noRaceErrors(refused as Result)
    expect(json(await iparo(['ingest', SEED, '--archive', 'x', '--data', data, '--json'])).mementos).toBe(7)
  })

  it('kill -9 of the ingest launcher: its re-run child ends too, and the next ingest completes', async () => {
    const data = fresh()
    const lock = join(data, 'archives.lock')
    const parent = spawn(process.execPath, [BIN, 'ingest', BLACKBOOK, IANA, '--data', data, '--json'], {
      env: { ...process.env, IPARO_INGEST_REEXEC: '1' },
      stdio: 'ignore'
    })
    // The signal that the child is writing: the archives lock, held by a pid that is not the launcher's.
    let child = 0
    await until('the re-run child to take the archives lock', () => {
      if (!existsSync(lock)) return false
      try {
        child = (JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid
      } catch {
        return false
      }
      return child !== parent.pid
    })
    parent.kill('SIGKILL')
    const killed = Date.now()
    await until('the orphaned child to end', () => !processAlive(child), 5_000)
    expect(Date.now() - killed).toBeLessThan(2_000)
    expect(existsSync(lock)).toBe(false)
    const again = await iparo(['ingest', BLACKBOOK, IANA, '--data', data, '--json'], { IPARO_LOCK_TIMEOUT: '0' })
    expect(again.code).toBe(0)
    expect(json(await iparo(['archive', 'info', 'default', '--json', '--data', data])).mementos).toBeGreaterThanOrEqual(await mementosOf(BLACKBOOK) + await mementosOf(IANA))
  })

  it('kill -9 of the launcher while its child is still starting: the child never runs the ingest', async () => {
    const data = fresh()
    const parent = spawn(process.execPath, [BIN, 'ingest', BLACKBOOK, IANA, '--data', data, '--json'], {
      env: { ...process.env, IPARO_INGEST_REEXEC: '1' },
      stdio: ['ignore', 'pipe', 'ignore']
    })
    let out = ''
    parent.stdout.on('data', (d: Buffer) => { out += d.toString() })
    // 'close': every holder of the pipe, the child included, has let go of it
    const closed = new Promise(resolve => parent.once('close', resolve))
    // The signal: the kernel lists the child (Linux), which is then still loading the CLI.
    let child = 0
    const pid = parent.pid ?? 0
    await until('the launcher to start its child', () => {
      child = Number(readFileSyncOr(`/proc/${pid}/task/${pid}/children`).trim().split(' ')[0])
      return child > 0
    })
    parent.kill('SIGKILL')
    const killed = Date.now()
    await until('the child to end', () => !processAlive(child), 5_000)
    expect(Date.now() - killed).toBeLessThan(2_000)
    await closed
    // no summary: the ingest did not run to its end behind its dead launcher
    expect(out).toBe('')
    expect(existsSync(join(data, 'archives.lock'))).toBe(false)
  })
})
