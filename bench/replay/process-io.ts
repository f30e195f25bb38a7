import { readFile } from 'node:fs/promises'

/**
 * `wchar` of a `/proc/PID/io` text: the bytes the process passed to write and send calls, all its
 * threads together. For a node that only serves, that is what it sent on its sockets (status lines,
 * headers, bodies), plus whatever it logs.
 */
export function writtenBytes (procIo: string): number {
  const m = /^wchar:\s*(\d+)\s*$/m.exec(procIo)
  if (m?.[1] == null) throw new Error(`no wchar line in /proc/PID/io: ${procIo.slice(0, 200)}`)
  return Number(m[1])
}

/** What process `pid` has written so far (Linux only); take two readings and subtract for a visit's. */
export async function processWrittenBytes (pid: number): Promise<number> {
  return writtenBytes(await readFile(`/proc/${pid}/io`, 'utf8'))
}
