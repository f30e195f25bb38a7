import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'

const run = promisify(execFile)
export const BIN = new URL('../../bin/iparo.js', import.meta.url).pathname
export const FIXTURES = new URL('../../../shared/fixtures/', import.meta.url).pathname

export interface Result { code: number, stdout: string, stderr: string, bytes: Buffer }

/** Runs the real CLI, as a user would after `npm install`. */
export async function iparo (args: string[], env: Record<string, string> = {}): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, encoding: 'buffer', maxBuffer: 1 << 28 })
    return { code: 0, stdout: stdout.toString(), stderr: stderr.toString(), bytes: stdout }
  } catch (err) {
    const e = err as { code: number, stdout: Buffer, stderr: Buffer }
    return { code: e.code, stdout: e.stdout.toString(), stderr: e.stderr.toString(), bytes: e.stdout }
  }
}

export const fresh = (): string => mkdtempSync(join(tmpdir(), 'iparo-e2e-'))

export const json = (r: Result): Record<string, unknown> => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`)
  return JSON.parse(r.stdout) as Record<string, unknown>
}

export interface Served {
  /** `http://127.0.0.1:PORT/` */
  url: string
  /** the replay origin, `http://127.0.0.1:PORT2/` (the app's own origin with `--replay-port none`) */
  replayUrl: string
  process: ChildProcess
  /** its libp2p addresses (`iparo libp2p …` lines); none with --offline */
  libp2p: string[]
  /** everything it wrote to stderr so far */
  stderr (): string
  stop (): Promise<void>
}

/** A node that joins no network: tests never reach past loopback (only given --listen/--bootstrap). */
const isolated = (extra: string[]): string[] => extra.includes('--listen') || extra.includes('--bootstrap') ? [] : ['--offline']

/**
 * Starts `iparo serve --port 0` on a data folder and waits for its network lines (the libp2p
 * addresses, then reachability, or `offline`): the promised signal that it serves.
 */
export async function serve (data: string, extra: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', data, ...isolated(extra), ...extra], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const libp2p: string[] = []
  const [first, second] = await new Promise<[string, string]>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout })
    const seen: string[] = []
    lines.on('line', line => {
      seen.push(line)
      const addr = /^iparo libp2p (\/\S+)$/.exec(line)?.[1]
      if (addr != null) libp2p.push(addr)
      if (/^iparo (reachability |libp2p offline)/.test(line)) resolve([seen[0] ?? '', seen[1] ?? ''])
    })
    child.once('exit', code => { reject(new Error(`iparo serve exited (${String(code)}) before serving: ${stderr}`)) })
  })
  const m = /^iparo serving (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(first)
  if (m?.[1] == null) throw new Error(`unexpected first line: ${first}`)
  const replay = /^iparo replay origin (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(second)?.[1]
  return {
    url: m[1],
    replayUrl: replay ?? m[1],
    process: child,
    libp2p,
    stderr: () => stderr,
    async stop () {
      if (child.exitCode != null) return
      const exited = new Promise(resolve => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
  }
}

/** The iana.org crawl ingested as archive `iana` into a fresh data folder: what the browser specs replay. */
export async function ingestIana (): Promise<string> {
  const data = fresh()
  const ingest = await iparo(['ingest', `${FIXTURES}pywb/iana.warc.gz`, '--archive', 'iana', '--data', data])
  if (ingest.code !== 0) throw new Error(ingest.stderr)
  return data
}
