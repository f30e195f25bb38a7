import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { FolderLock } from './folder-lock.ts'
import { processAlive } from './process-alive.ts'

const SUPPORT = new URL('./folder-lock.test-support.ts', import.meta.url).pathname
const fresh = (): string => mkdtempSync(join(tmpdir(), 'iparo-lock-'))

function support (args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', SUPPORT, ...args], { stdio: ['pipe', 'pipe', 'inherit'] })
}

/** Waits for the holder's "held" line: the signal that it has the lock. */
async function holding (child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    if (child.stdout == null) { reject(new Error('no stdout')); return }
    createInterface({ input: child.stdout }).on('line', line => { if (line === 'held') resolve() })
    child.once('exit', code => { reject(new Error(`holder exited ${String(code)}`)) })
  })
}

const exited = async (child: ChildProcess): Promise<number | null> =>
  child.exitCode ?? await new Promise(resolve => child.once('exit', resolve))

describe('FolderLock', () => {
  it('takes over at once a lock whose holder died (a pid no longer running on this host)', async () => {
    const dead = spawn(process.execPath, ['-e', ''])
    await exited(dead)
    const path = join(fresh(), 'archives.lock')
    writeFileSync(path, JSON.stringify({ pid: dead.pid, host: hostname(), token: 'gone', command: 'ingest', since: new Date().toISOString() }))
    const started = Date.now()
    await new FolderLock(path, { timeoutMs: 0 }).run(async () => {
      expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid })
    })
    expect(Date.now() - started).toBeLessThan(1000)
    expect(existsSync(path)).toBe(false)
  })

  it('waits for a live holder in another process, and recovers its lock at once when it is killed', async () => {
    const path = join(fresh(), 'archives.lock')
    const holder = support(['hold', path])
    await holding(holder)
    let told = 0
    await expect(new FolderLock(path, { timeoutMs: 200, onWait: () => { told++ } }).run(async () => undefined))
      .rejects.toMatchObject({ name: 'LockTimeoutError', message: expect.stringContaining(`pid ${String(holder.pid)}`) })
    expect(told).toBe(1)
    holder.kill('SIGKILL')
    await exited(holder)
    expect(processAlive(holder.pid ?? 0)).toBe(false)
    await new FolderLock(path, { timeoutMs: 0 }).run(async () => undefined)
  })

  it('lets one process at a time through: four processes × 25 read-increment-writes lose no increment', async () => {
    const dir = fresh()
    const counter = join(dir, 'counter')
    writeFileSync(counter, '0')
    const children = [0, 1, 2, 3].map(() => support(['count', join(dir, 'archives.lock'), counter, '25']))
    expect(await Promise.all(children.map(exited))).toEqual([0, 0, 0, 0])
    expect(readFileSync(counter, 'utf8')).toBe('100')
  })

  it('queues concurrent callers of one process in order, and is re-entrant', async () => {
    const lock = new FolderLock(join(fresh(), 'ipns.lock'))
    let inside = 0
    let most = 0
    const order: number[] = []
    await Promise.all(Array.from({ length: 30 }, async (_, i) => lock.run(async () => {
      inside++
      most = Math.max(most, inside)
      await lock.run(async () => { order.push(i) })
      await new Promise(resolve => setImmediate(resolve))
      inside--
    })))
    expect(most).toBe(1)
    expect(order).toEqual(Array.from({ length: 30 }, (_, i) => i))
  })
})
