import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

const SUITE = new URL('../../node_modules/@ipfs-shipyard/pinning-service-compliance/dist/src/index.js', import.meta.url).pathname
const REGISTER = new URL('./pinning-compliance-register.mjs', import.meta.url).pathname
export const VENDORED_SPEC = new URL('./pinning-service-spec-v1.0.0.yaml', import.meta.url).pathname
/** sha256 of ipfs-pinning-service.yaml at tag v1.0.0 of ipfs/pinning-services-api-spec (commit d3ecd73) */
export const VENDORED_SPEC_SHA256 = 'a985452d58a9ecb0c777d2001f967cafd41d7a5d01714931dd4ca735377820c1'

export interface ComplianceRun {
  code: number | null
  stdout: string
  stderr: string
  /** the suite's own result file: one entry per top-level check */
  result: { total: number, passed: number, failed: number, success: boolean }
  /** every expectation line the suite printed, passed (🟢) or not (❌ failed, ⚠️ errored) */
  passed: string[]
  failed: string[]
}

/**
 * Runs the official compliance suite (its CLI, unmodified, in a child process) against one endpoint and
 * token, with the vendored spec and its reports in `reports` (pinning-compliance-hooks.mjs).
 */
export async function runCompliance (endpoint: string, token: string, reports: string): Promise<ComplianceRun> {
  // cwd: the reports folder, so the suite's `git rev-parse` looks at no repository of ours
  const child = spawn(process.execPath, ['--import', REGISTER, SUITE, '--serviceAndToken', endpoint, token], {
    cwd: reports,
    env: { ...process.env, IPARO_COMPLIANCE_REPORTS: reports, IPARO_PINNING_SPEC: VENDORED_SPEC, FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const code = await new Promise<number | null>(resolve => child.once('exit', resolve))
  const host = new URL(endpoint).hostname
  const result = JSON.parse(await readFile(join(reports, `${host}.json`), 'utf8')) as ComplianceRun['result']
  // expectation lines are indented under their check's title; the summary's icons are not
  const lines = stdout.split('\n').filter(line => /^\t+\S/.test(line))
  return {
    code,
    stdout,
    stderr,
    result,
    passed: lines.filter(line => line.includes('🟢')),
    failed: lines.filter(line => line.includes('❌') || line.includes('⚠'))
  }
}
