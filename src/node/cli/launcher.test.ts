import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { SOFTWARE } from '../software.ts'

const run = promisify(execFile)
const LAUNCHER = new URL('../../../bin/iparo.js', import.meta.url)

describe('the iparo launcher (bin/iparo.js)', () => {
  // A dependency that cannot be bundled once made every command fall back to tsx without a word,
  // at ~1.7 s a start: the bundle must build and load as it is.
  it('runs the CLI from its bundle, not from the sources through tsx', async () => {
    const { stdout } = await run(process.execPath, [LAUNCHER.pathname, '--version'], { env: { ...process.env, IPARO_REQUIRE_BUNDLE: '1' } })
    expect(`iparo/${stdout.trim()}`).toBe(SOFTWARE)
  }, 120_000)
})
