import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveCommand } from '../src/node/cli/commands/serve-command.ts'
import { fresh, iparo, json, serve, type Served } from './support/iparo-process.ts'
import { runCompliance, VENDORED_SPEC, VENDORED_SPEC_SHA256 } from './support/pinning-compliance.ts'

describe('the IPFS Pinning Service API of iparo serve', () => {
  let node: Served | undefined
  let token = ''

  beforeAll(async () => {
    const data = fresh()
    token = String(json(await iparo(['token', 'create', '--json', '--data', data])).token)
    // no libp2p: every pin the suite makes names a CID nobody provides, and waits, queued
    const offline = 'offline' in serveCommand.options ? ['--offline'] : []
    node = await serve(data, ['--replay-port', 'none', ...offline])
  })
  afterAll(async () => { await node?.stop() })

  it('passes every check of the official compliance suite, against the vendored v1.0.0 spec', async () => {
    expect(createHash('sha256').update(readFileSync(VENDORED_SPEC)).digest('hex')).toBe(VENDORED_SPEC_SHA256)
    const run = await runCompliance(`${node?.url ?? ''}pinning`, token, fresh())
    expect(run.code, run.stderr).toBe(0)
    expect(run.failed, run.stdout).toEqual([])
    expect(run.result).toEqual({ total: 9, passed: 9, failed: 0, success: true })
    expect(run.passed.length).toBeGreaterThan(80)
    expect(run.stdout).toContain('Summary (9/9 successful)')
    console.log(`pinning-service-compliance: ${run.result.passed}/${run.result.total} checks passed, ${run.passed.length} expectations, none failed`)
  }, 300_000)
})
