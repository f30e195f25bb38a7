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
  stop (): Promise<void>
}

/** Starts `iparo serve --port 0` on a data folder and waits for its first line, the promised signal. */
export async function serve (data: string, extra: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', data, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const [first, second] = await new Promise<[string, string]>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout })
    const seen: string[] = []
    lines.on('line', line => { seen.push(line); if (seen.length === 2) resolve([seen[0] ?? '', line]) })
    child.once('exit', code => { reject(new Error(`iparo serve exited (${String(code)}) before serving: ${stderr}`)) })
  })
  const m = /^iparo serving (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(first)
  if (m?.[1] == null) throw new Error(`unexpected first line: ${first}`)
  const replay = /^iparo replay origin (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(second)?.[1]
  return {
    url: m[1],
    replayUrl: replay ?? m[1],
    process: child,
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
