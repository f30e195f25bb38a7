import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const BIN = join(ROOT, 'bin/iparo.js')
export const FIXTURES = join(ROOT, '../shared/fixtures')

export interface Exit { code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }
export interface Running { child: ChildProcess, exit: Promise<Exit> }

export const freshDir = (): string => mkdtempSync(join(tmpdir(), 'iparo-reliability-'))

/**
 * The real CLI as a user starts it. `detached` puts it in a process group of its own, so that a
 * crash of the whole ingest (launcher and re-run child) can be simulated with one kill.
 */
export function startIparo (args: string[], env: Record<string, string> = {}, detached = false): Running {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString() })
  const exit = new Promise<Exit>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code, signal) => { resolve({ code, signal, stdout, stderr }) })
  })
  return { child, exit }
}

export async function runIparo (args: string[], env: Record<string, string> = {}): Promise<Exit> {
  return startIparo(args, env).exit
}

/** Polls `check` until it returns a value (the explicit signal waited for), or fails after `timeoutMs`. */
export async function waitFor<T> (what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(2)
  }
}
