import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TOKEN_PREFIX, TokenStore } from './token-store.ts'

const SUPPORT = new URL('./token-store.test-support.ts', import.meta.url).pathname
const fresh = (): string => mkdtempSync(join(tmpdir(), 'iparo-tokens-'))

describe('TokenStore', () => {
  it('creates tokens that check to their id, stores only hashes, mode 0600', async () => {
    const dir = fresh()
    const tokens = new TokenStore(dir)
    const made = await tokens.create('laptop')
    expect(made.token.startsWith(TOKEN_PREFIX)).toBe(true)
    // 32 random bytes in base64url: 43 characters
    expect(made.token.slice(TOKEN_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(await tokens.check(made.token)).toBe(made.id)
    const text = readFileSync(join(dir, 'tokens.json'), 'utf8')
    expect(text).not.toContain(made.token)
    expect(text).not.toContain(made.token.slice(TOKEN_PREFIX.length))
    expect(statSync(join(dir, 'tokens.json')).mode & 0o777).toBe(0o600)
    expect(await tokens.list()).toEqual([{ id: made.id, label: 'laptop', created: made.created }])
  })

  it('answers undefined for unknown, empty and near-miss tokens', async () => {
    const tokens = new TokenStore(fresh())
    expect(await tokens.check('iparo_nothing')).toBeUndefined()
    const made = await tokens.create()
    expect(await tokens.check('')).toBeUndefined()
    expect(await tokens.check(made.token.slice(0, -1))).toBeUndefined()
    expect(await tokens.check(made.token + 'x')).toBeUndefined()
    expect((await tokens.list())[0]).not.toHaveProperty('label')
  })

  it('revokes by id or by the token; a revoked token no longer checks', async () => {
    const tokens = new TokenStore(fresh())
    const a = await tokens.create('a')
    const b = await tokens.create('b')
    expect(await tokens.revoke(a.id)).toBe(true)
    expect(await tokens.check(a.token)).toBeUndefined()
    expect(await tokens.check(b.token)).toBe(b.id)
    expect(await tokens.revoke(b.token)).toBe(true)
    expect(await tokens.check(b.token)).toBeUndefined()
    expect(await tokens.revoke(a.id)).toBe(false)
    expect(await tokens.list()).toEqual([])
  })

  it('a second store on the same folder sees the first one\'s tokens', async () => {
    const dir = fresh()
    const made = await new TokenStore(dir).create()
    expect(await new TokenStore(dir).check(made.token)).toBe(made.id)
  })

  it('refuses a tokens.json it did not write rather than overwrite it', async () => {
    const dir = fresh()
    writeFileSync(join(dir, 'tokens.json'), '{"something":"else"}')
    const tokens = new TokenStore(dir)
    await expect(tokens.create()).rejects.toMatchObject({ name: 'SettingsFileError' })
    await expect(tokens.check('x')).rejects.toMatchObject({ name: 'SettingsFileError' })
    expect(readFileSync(join(dir, 'tokens.json'), 'utf8')).toBe('{"something":"else"}')
  })

  it('loses no token when two processes create at once', async () => {
    const dir = fresh()
    const N = 30
    const child = spawn(process.execPath, ['--import', 'tsx', SUPPORT, dir, String(N)], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    // start creating only once the child is about to: the two loops then run at the same time
    const ready = new Promise<void>(resolve => {
      child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); if (out.startsWith('ready\n')) resolve() })
    })
    const exited = new Promise<number | null>(resolve => child.once('exit', resolve))
    await ready
    const tokens = new TokenStore(dir)
    const mine = []
    for (let i = 0; i < N; i++) mine.push(await tokens.create(`parent ${i}`))
    expect(await exited).toBe(0)
    expect(out).toBe('ready\ndone\n')
    const listed = await tokens.list()
    expect(listed).toHaveLength(2 * N)
    for (const made of mine) expect(await tokens.check(made.token)).toBe(made.id)
  })
})
