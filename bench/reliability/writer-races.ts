import { cp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { censusOf, compareVersions, type Census } from './archive-census.ts'
import { freshDir, runIparo, startIparo, type Exit } from './iparo-cli.ts'

export interface RaceRound {
  scenario: 'existing' | 'create'
  /** exit codes of the two writers */
  codes: Array<number | null>
  /** writers that did not exit 0 */
  failed: number
  /** writers that failed with something other than a clear, documented refusal (signature, ENOENT…) */
  unclear: number
  lost: number
  extra: number
  ipnsComplete: boolean
}

/** What two writers into one archive must leave: every version of both (one ingest of all, in order). */
export async function raceReference (seed: string[], a: string[], b: string[]): Promise<Census> {
  const data = freshDir()
  for (const files of [seed, a, b]) {
    if (files.length === 0) continue
    const done = await runIparo(['ingest', ...files, '--archive', 'a', '--data', data])
    if (done.code !== 0) throw new Error(done.stderr)
  }
  const census = await censusOf(data, 'a')
  await rm(data, { recursive: true, force: true })
  return census
}

/** An archive `a` holding `seed`, made once and copied for each round. */
export async function seededTemplate (seed: string[]): Promise<string> {
  const dir = freshDir()
  const done = await runIparo(['ingest', ...seed, '--archive', 'a', '--data', dir])
  if (done.code !== 0) throw new Error(done.stderr)
  return dir
}

const clear = (exit: Exit): boolean => exit.code === 0 || (exit.code === 1 && /ArchiveError: an archive named .* already exists|LockTimeoutError/.test(exit.stderr))

/**
 * Two `iparo ingest` runs started together into one archive: an existing one (`template` given, copied)
 * or one that neither has created yet. Both must succeed, and the archive hold every version of both.
 */
export async function twoWriters (expected: Census, a: string[], b: string[], template?: string): Promise<RaceRound> {
  const dir = freshDir()
  try {
    return await raceOfWriters(expected, a, b, join(dir, 'data'), template)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function raceOfWriters (expected: Census, a: string[], b: string[], data: string, template?: string): Promise<RaceRound> {
  if (template != null) await cp(template, data, { recursive: true })
  const exits = await Promise.all([a, b].map(async files => startIparo(['ingest', ...files, '--archive', 'a', '--data', data, '--json']).exit))
  const census = await censusOf(data, 'a')
  const { lost, extra } = compareVersions(expected.versions, census.versions)
  return {
    scenario: template != null ? 'existing' : 'create',
    codes: exits.map(e => e.code),
    failed: exits.filter(e => e.code !== 0).length,
    unclear: exits.filter(e => !clear(e)).length,
    lost,
    extra,
    ipnsComplete: census.ipnsComplete
  }
}

/** Two `iparo archive create` of one name at once: one creates, the other is refused clearly. */
export async function twoCreators (): Promise<RaceRound> {
  const data = freshDir()
  try {
    return await raceOfCreators(data)
  } finally {
    await rm(data, { recursive: true, force: true })
  }
}

async function raceOfCreators (data: string): Promise<RaceRound> {
  const exits = await Promise.all([0, 1].map(async () => startIparo(['archive', 'create', 'a', '--data', data]).exit))
  const ok = exits.filter(e => e.code === 0).length
  const census = await censusOf(data, 'a')
  // exactly one creator may succeed; two would mean one archive's key was replaced under the other
  return { scenario: 'create', codes: exits.map(e => e.code), failed: 2 - ok, unclear: exits.filter(e => !clear(e)).length + (ok === 1 ? 0 : 1), lost: 0, extra: 0, ipnsComplete: census.ipnsComplete }
}
