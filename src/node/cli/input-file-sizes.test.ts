import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exitCodeFor, describeError, InputFileError } from './cli-error.ts'
import { inputFileSizes } from './input-file-sizes.ts'
import { runCli } from './main.ts'

function capture (): { stream: { write: (s: string) => boolean, isTTY?: boolean }, text: () => string } {
  let text = ''
  return { stream: { write: (s: string) => { text += s; return true } }, text: () => text }
}

describe('input files of a command', () => {
  it('are sized when they are files; a missing one or a folder is an InputFileError (exit 66) in plain words', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iparo-input-'))
    writeFileSync(join(dir, 'a.warc'), 'abc')
    expect(await inputFileSizes([join(dir, 'a.warc')])).toEqual([3])
    const missing = await inputFileSizes([join(dir, 'a.warc'), join(dir, 'gone.warc')]).catch((err: unknown) => err)
    expect(missing).toBeInstanceOf(InputFileError)
    expect(exitCodeFor(missing)).toBe(66)
    expect(describeError(missing)).toBe(`InputFileError: cannot read ${JSON.stringify(join(dir, 'gone.warc'))}: no such file`)
    const folder = await inputFileSizes([dir]).catch((err: unknown) => err)
    expect((folder as Error).message).toContain('it is a folder')
  })

  it('make `iparo ingest` exit 66 before the store is opened, with a JSON error on stdout under --json', async () => {
    const data = mkdtempSync(join(tmpdir(), 'iparo-input-data-'))
    const out = capture()
    const err = capture()
    const ctx = { stdout: out.stream, stderr: err.stream, env: {}, pipeOut: async () => {} }
    // the context's streams are all the CLI writes to: a stand-in for process stdio, not for any part under test
    const code = await runCli(['ingest', '/nonexistent/missing.warc', '--json', '--data', data], ctx as unknown as Parameters<typeof runCli>[1])
    expect(code).toBe(66)
    expect(JSON.parse(out.text())).toEqual({ error: { code: 'InputFileError', exitCode: 66, file: '/nonexistent/missing.warc', message: 'cannot read "/nonexistent/missing.warc": no such file' } })
    expect(err.text()).toBe('iparo: InputFileError: cannot read "/nonexistent/missing.warc": no such file\n')
    expect(readdirSync(data)).toEqual([])
  })
})
