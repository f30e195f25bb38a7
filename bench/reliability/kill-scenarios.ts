import { cp, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { processAlive } from '../../src/node/process-alive.ts'
import { censusOf, compareVersions, type Census } from './archive-census.ts'
import { freshDir, runIparo, startIparo, waitFor } from './iparo-cli.ts'

/**
 * A clean ingest of the files, as the crashed runs must end up after their re-run; and the same ingest
 * run twice, which is what a run killed after it had published amounts to.
 */
export interface Reference { files: string[], archive: string, census: Census, twice: Census, ingestMs: number }

export interface KillRun {
  scenario: 'ingest' | 'publish'
  /** ms after the start at which the kill came, and whether the command had already finished */
  killAtMs: number
  finishedFirst: boolean
  /** 'parent': kill -9 of the launcher alone (its re-run child must follow); 'group': both at once */
  target: 'parent' | 'group'
  /** ms the re-run child lived on after its parent was killed (parent kills only) */
  orphanMs?: number
  /** killed, yet the command printed its final summary: it ran to its end (an orphan writing on) */
  finishedAnyway: boolean
  /** after the kill: the store opens, and the IPNS record (if any) names a root whose blocks are all present */
  opensAfterKill: boolean
  ipnsCompleteAfterKill: boolean
  /** the same command run again, to completion */
  rerunCode: number | null
  lost: number
  extra: number
  /**
   * versions beyond a clean ingest that ingesting the same files twice adds anyway, crash or not (a
   * known fault of the ingest, counted apart: the run equals the clean ingest run twice)
   */
  reingestDuplicates: number
  ipnsCompleteAfterRerun: boolean
}

export async function cleanReference (files: string[], archive = 'a'): Promise<Reference> {
  const data = freshDir()
  const started = performance.now()
  const done = await runIparo(['ingest', ...files, '--archive', archive, '--data', data, '--json'])
  if (done.code !== 0) throw new Error(`clean ingest failed: ${done.stderr}`)
  const ingestMs = performance.now() - started
  const census = await censusOf(data, archive)
  const again = await runIparo(['ingest', ...files, '--archive', archive, '--data', data, '--json'])
  if (again.code !== 0) throw new Error(`second clean ingest failed: ${again.stderr}`)
  const twice = await censusOf(data, archive)
  await rm(data, { recursive: true, force: true })
  return { files, archive, census, twice, ingestMs }
}

/** The launcher's re-run child, if it has one yet (Linux lists a process's children in /proc). */
async function childOf (pid: number): Promise<number | undefined> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')
  const first = Number(text.trim().split(' ')[0])
  return Number.isSafeInteger(first) && first > 0 ? first : undefined
}

/** Starts `args`, kills it with SIGKILL after `killAtMs`, and reports how it went down. */
async function killAt (args: string[], killAtMs: number, target: KillRun['target']): Promise<Pick<KillRun, 'finishedFirst' | 'orphanMs' | 'finishedAnyway'>> {
  const running = startIparo(args, { IPARO_INGEST_REEXEC: '1' }, true)
  const pid = running.child.pid ?? 0
  const finished = await Promise.race([running.exit.then(() => true), sleep(killAtMs).then(() => false)])
  if (finished) return { finishedFirst: true, finishedAnyway: false }
  const child = await childOf(pid)
  try {
    process.kill(target === 'group' ? -pid : pid, 'SIGKILL')
  } catch (err) {
    // it ended between the check above and the kill
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err
    await running.exit
    return { finishedFirst: true, finishedAnyway: false }
  }
  const killed = performance.now()
  // 'close' comes once every holder of the output pipes is gone, the re-run child included
  const exit = await running.exit
  const finishedAnyway = exit.stdout.trim() !== ''
  if (target === 'group' || child == null) return { finishedFirst: false, finishedAnyway }
  // the explicit signal: the child's pid no longer names a live process
  await waitFor('the orphaned child to end', () => processAlive(child) ? undefined : true, 10_000)
  return { finishedFirst: false, orphanMs: performance.now() - killed, finishedAnyway }
}

async function stateAfterKill (data: string, archive: string): Promise<Pick<KillRun, 'opensAfterKill' | 'ipnsCompleteAfterKill'>> {
  try {
    const census = await censusOf(data, archive)
    return { opensAfterKill: true, ipnsCompleteAfterKill: census.ipnsComplete }
  } catch (err) {
    // killed before the archive existed: nothing published, nothing to be incomplete
    if ((err as Error).name === 'NotFoundError') return { opensAfterKill: true, ipnsCompleteAfterKill: true }
    return { opensAfterKill: false, ipnsCompleteAfterKill: false }
  }
}

/** kill -9 at a random point of an ingest, then the same ingest again, compared with a clean one. */
export async function killDuringIngest (reference: Reference, random: () => number, target: KillRun['target']): Promise<KillRun> {
  const data = freshDir()
  try {
    return await ingestKilled(reference, data, random, target)
  } finally {
    await rm(data, { recursive: true, force: true })
  }
}

async function ingestKilled (reference: Reference, data: string, random: () => number, target: KillRun['target']): Promise<KillRun> {
  const args = ['ingest', ...reference.files, '--archive', reference.archive, '--data', data, '--json']
  const killAtMs = Math.round(random() * reference.ingestMs)
  const how = await killAt(args, killAtMs, target)
  const after = await stateAfterKill(data, reference.archive)
  const rerun = await runIparo(args)
  const census = await censusOf(data, reference.archive)
  const { lost, extra } = compareVersions(reference.census.versions, census.versions)
  const asTwice = compareVersions(reference.twice.versions, census.versions)
  const reingestDuplicates = extra > 0 && asTwice.lost + asTwice.extra === 0 ? extra : 0
  return { scenario: 'ingest', killAtMs, target, ...how, ...after, rerunCode: rerun.code, lost, extra: extra - reingestDuplicates + (census.complete ? 0 : 1), reingestDuplicates, ipnsCompleteAfterRerun: census.ipnsComplete }
}

/** A data folder holding the reference's archive, made once and copied for every publish run. */
export async function publishTemplate (reference: Reference): Promise<{ dir: string, publishMs: number }> {
  const dir = freshDir()
  const ingest = await runIparo(['ingest', ...reference.files, '--archive', reference.archive, '--data', dir])
  if (ingest.code !== 0) throw new Error(ingest.stderr)
  const started = performance.now()
  const publish = await runIparo(['archive', 'publish', reference.archive, '--data', dir])
  if (publish.code !== 0) throw new Error(publish.stderr)
  return { dir, publishMs: performance.now() - started }
}

/** kill -9 at a random point of `iparo archive publish`; the record must stay valid and complete. */
export async function killDuringPublish (reference: Reference, template: { dir: string, publishMs: number }, random: () => number, target: KillRun['target']): Promise<KillRun> {
  const dir = freshDir()
  try {
    return await publishKilled(reference, template, join(dir, 'data'), random, target)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function publishKilled (reference: Reference, template: { dir: string, publishMs: number }, data: string, random: () => number, target: KillRun['target']): Promise<KillRun> {
  await cp(template.dir, data, { recursive: true })
  const killAtMs = Math.round(random() * template.publishMs)
  const how = await killAt(['archive', 'publish', reference.archive, '--data', data], killAtMs, target)
  const after = await stateAfterKill(data, reference.archive)
  const before = await censusOf(data, reference.archive)
  const rerun = await runIparo(['archive', 'publish', reference.archive, '--data', data])
  const census = await censusOf(data, reference.archive)
  const { lost, extra } = compareVersions(reference.census.versions, census.versions)
  // a publish that does not raise the sequence would be a lost write
  const advanced = census.ipnsSequence > before.ipnsSequence
  return { scenario: 'publish', killAtMs, target, ...how, ...after, rerunCode: rerun.code, lost, extra: extra + (advanced ? 0 : 1), reingestDuplicates: 0, ipnsCompleteAfterRerun: census.ipnsComplete }
}
