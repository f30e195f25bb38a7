import { readFileSync } from 'node:fs'

/**
 * `/proc/PID/stat` after the command name (which may hold spaces and parentheses): field 3 (state)
 * onwards, or undefined off Linux or when the process is gone.
 */
function statFields (pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return text.slice(text.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

/**
 * Whether a process on this host is running. A zombie (exited, not yet reaped by its parent) counts as
 * gone: `kill(pid, 0)` alone would call it alive, and a killed lock holder often lingers as one.
 */
export function processAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (err) {
    // EPERM: it exists but belongs to another user
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  const state = statFields(pid)?.[0]
  return state !== 'Z' && state !== 'X'
}

/**
 * When the process started (clock ticks since boot, field 22 of /proc/PID/stat), so that a pid reused
 * by another process after a crash is told apart from the one that wrote a lock. Undefined off Linux.
 */
export function processStartTime (pid: number): string | undefined {
  return statFields(pid)?.[19]
}
