/**
 * bench/serve's load generator, shared with bench/scale: `clients` loops against one server, each
 * fetching a random target and reading its whole body, for `seconds`; with the server's CPU time per
 * request and its RSS, read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'

/** A request and the status it must answer with (anything else counts as an error). */
export interface Target { path: string, status: number, headers?: Record<string, string> }

export interface LoadResult { requests: number, errors: number, requestsPerSecond: number, p50ms: number, p99ms: number, bytes: number, serverCpuUsPerRequest: number }

export function seeded (seed: number): () => number {
  let s = seed >>> 0
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32 }
}

/** CPU time (user + system) the process has used so far, in ms (/proc ticks are 10 ms). */
export async function cpuMs (pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 10
}

export async function rssMB (pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024)
}

/**
 * The load. The server's CPU per request is measured too: on a shared machine it varies less than
 * requests/s, which the load generator's own share of the cores also bounds.
 */
export async function load (base: string, targets: Target[], seconds: number, server: number, clients: number): Promise<LoadResult> {
  const cpuBefore = await cpuMs(server)
  const latencies: number[] = []
  let errors = 0
  let bytes = 0
  const end = performance.now() + seconds * 1000
  const client = async (id: number): Promise<void> => {
    const rand = seeded(id + 1)
    while (performance.now() < end) {
      const t = targets[Math.floor(rand() * targets.length)]
      if (t == null) continue
      const start = performance.now()
      try {
        const r = await fetch(base + t.path, { redirect: 'manual', ...(t.headers != null ? { headers: t.headers } : {}) })
        const body = await r.arrayBuffer()
        bytes += body.byteLength
        if (r.status !== t.status) errors++
      } catch {
        errors++
      }
      latencies.push(performance.now() - start)
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)))
  const elapsed = (performance.now() - started) / 1000
  const serverCpuUsPerRequest = Math.round((await cpuMs(server) - cpuBefore) * 1000 / Math.max(1, latencies.length))
  latencies.sort((a, b) => a - b)
  const q = (p: number): number => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0) * 100) / 100
  return { requests: latencies.length, errors, requestsPerSecond: Math.round(latencies.length / elapsed), p50ms: q(0.5), p99ms: q(0.99), bytes, serverCpuUsPerRequest }
}

/** `iparo serve --port 0 …` started, once it prints the address it serves: the process and its base URL. */
export async function startServe (bin: string, args: string[]): Promise<{ node: ChildProcess, base: string, pid: number }> {
  const node = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: node.stdout }).once('line', resolve)
    node.once('exit', code => { reject(new Error(`iparo serve exited ${String(code)} before serving`)) })
  })
  const base = (/^iparo serving (\S+)\/$/.exec(line)?.[1]) ?? ''
  return { node, base, pid: node.pid ?? 0 }
}

/** Samples a process's RSS every second until `stop` is called: [{ t (s since start), mb }]. */
export function sampleRss (pid: number): { samples: Array<{ t: number, mb: number }>, stop: () => void } {
  const samples: Array<{ t: number, mb: number }> = []
  const t0 = performance.now()
  const timer = setInterval(() => { void rssMB(pid).then(mb => samples.push({ t: Math.round((performance.now() - t0) / 1000), mb }), () => {}) }, 1000)
  return { samples, stop: () => { clearInterval(timer) } }
}
