import { randomBytes } from 'node:crypto'
import { readFileSync, unlinkSync } from 'node:fs'
import { link, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { hostname } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { LockTimeoutError } from './lock-timeout-error.ts'
import { processAlive, processStartTime } from './process-alive.ts'

/** What a lock file says about its holder. */
export interface LockHolder {
  pid: number
  host: string
  /** the holder's start time (/proc), to tell a reused pid from the holder */
  start?: string
  /** unique per acquisition: a holder releases only the file it created */
  token: string
  /** the holder's command line, for the message a waiter prints */
  command: string
  since: string
}

export interface TakeOptions {
  /** give up (LockTimeoutError) after this long; Infinity waits for as long as the holder lives */
  deadline: number
  /** called once, when the lock is found held by another live process */
  onWait?: (holder: LockHolder) => void
}

/** A lock whose holder cannot be trusted to have written it whole is given this long to finish. */
const UNREADABLE_GRACE_MS = 5_000

/** Lock files this process holds (path → token), removed at exit however the process ends, short of a kill. */
const held = new Map<string, string>()
let exitHookInstalled = false

function installExitHook (): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  // Synchronous, since nothing else runs at 'exit'; a SIGKILL skips it, which the pid check covers.
  process.on('exit', () => {
    for (const [path, token] of held) {
      try {
        if ((JSON.parse(readFileSync(path, 'utf8')) as LockHolder).token === token) unlinkSync(path)
      } catch {
        // gone or replaced: nothing of ours to remove
      }
    }
  })
}

/**
 * Puts the file written aside at `path` unless something is there (EEXIST). A hard link does it whole
 * and at once; where the file system has no hard links, an exclusive create and a write do it, and a
 * reader may see the file empty for an instant (judged by its age, UNREADABLE_GRACE_MS).
 */
async function place (aside: string, path: string): Promise<void> {
  try {
    await link(aside, path)
  } catch (err) {
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err
    await writeFile(path, await readFile(aside), { flag: 'wx', mode: 0o644 })
  }
}

type Seen = { kind: 'gone' } | { kind: 'holder', holder: LockHolder } | { kind: 'unreadable', ageMs: number }

async function look (path: string): Promise<Seen> {
  let text: string
  let ageMs: number
  try {
    text = await readFile(path, 'utf8')
    ageMs = Date.now() - (await stat(path)).mtimeMs
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' }
    throw err
  }
  try {
    const holder = JSON.parse(text) as LockHolder
    if (typeof holder.pid === 'number' && typeof holder.token === 'string') return { kind: 'holder', holder }
  } catch {
    // not JSON: judged by its age below
  }
  return { kind: 'unreadable', ageMs }
}

/**
 * A holder is stale when it is a process of this host that no longer runs (or whose pid now belongs to a
 * process started later). A holder on another host is never presumed dead: the folder is not meant to
 * be shared between machines, and guessing from times could let two writers in.
 */
function isStale (seen: Seen): boolean {
  if (seen.kind === 'unreadable') return seen.ageMs > UNREADABLE_GRACE_MS
  if (seen.kind !== 'holder') return false
  const { holder } = seen
  if (holder.host !== hostname()) return false
  if (!processAlive(holder.pid)) return true
  const start = processStartTime(holder.pid)
  return holder.start != null && start != null && start !== holder.start
}

const sameLock = (a: Seen, b: Seen): boolean =>
  a.kind === 'holder' ? b.kind === 'holder' && b.holder.token === a.holder.token : a.kind === 'unreadable' && b.kind === 'unreadable'

/**
 * Removes a stale lock without ever removing a live one. Two processes that both saw the same dead
 * holder must not both unlink: the second would remove the fresh lock the first has taken since. So
 * breaking goes through a second lock (`.break`, held for a moment), under which the lock is read
 * again and removed only if it is still the one found stale.
 */
async function breakStale (path: string, seen: Seen, mine: string): Promise<void> {
  const breaker = `${path}.break`
  try {
    await place(mine, breaker)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    // Another process is breaking it now; its break lock is stale only if it died in that instant.
    const other = await look(breaker)
    if (isStale(other)) await unlink(breaker).catch(() => undefined)
    return
  }
  try {
    const now = await look(path)
    if (sameLock(seen, now)) await unlink(path).catch(() => undefined)
  } finally {
    await unlink(breaker).catch(() => undefined)
  }
}

/** Files written aside by processes killed before they removed them; swept by the next holder. */
async function sweepAside (path: string): Promise<void> {
  const prefix = `${basename(path)}.`
  for (const name of await readdir(dirname(path)).catch(() => [])) {
    const m = /^(\d+)-[0-9a-f]+\.tmp$/.exec(name.startsWith(prefix) ? name.slice(prefix.length) : '')
    const pid = Number(m?.[1])
    if (m != null && pid !== process.pid && !processAlive(pid)) await unlink(`${dirname(path)}/${name}`).catch(() => undefined)
  }
}

/**
 * Creates the lock file at `path` for this process, waiting while another live process holds it and
 * taking it over at once from a dead one. The file appears whole (written aside, then hard-linked into
 * place, which fails if it exists), so a reader never sees it half-written. Returns the token to
 * release it with.
 */
export async function takeLockFile (path: string, options: TakeOptions): Promise<string> {
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    start: processStartTime(process.pid),
    token: randomBytes(8).toString('hex'),
    command: process.argv.slice(2).join(' ').slice(0, 200),
    since: new Date().toISOString()
  }
  const aside = `${path}.${process.pid}-${holder.token}.tmp`
  await writeFile(aside, JSON.stringify(holder), { mode: 0o644 })
  installExitHook()
  let told = false
  try {
    for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
      try {
        await place(aside, path)
        held.set(path, holder.token)
        await sweepAside(path).catch(() => undefined)
        return holder.token
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      }
      const seen = await look(path)
      if (seen.kind === 'gone') continue
      if (isStale(seen)) {
        await breakStale(path, seen, aside)
        continue
      }
      if (Date.now() >= options.deadline) throw new LockTimeoutError(timeoutMessage(path, seen))
      if (!told && seen.kind === 'holder') {
        told = true
        options.onWait?.(seen.holder)
      }
      await sleep(Math.min(delay, Math.max(options.deadline - Date.now(), 1)))
    }
  } finally {
    await unlink(aside).catch(() => undefined)
  }
}

function timeoutMessage (path: string, seen: Seen): string {
  const who = seen.kind === 'holder' ? `pid ${seen.holder.pid} on ${seen.holder.host} (iparo ${seen.holder.command}, since ${seen.holder.since})` : 'another process'
  return `${who} still holds ${path}; nothing was changed: re-run when it is done (IPARO_LOCK_TIMEOUT sets the wait, in seconds)`
}

/** Removes the lock file if it is still the one this process created with `token`. */
export async function dropLockFile (path: string, token: string): Promise<void> {
  held.delete(path)
  const seen = await look(path).catch(() => ({ kind: 'gone' }) as const)
  if (seen.kind === 'holder' && seen.holder.token === token) await unlink(path).catch(() => undefined)
}
