import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TokenStore } from '../../tokens/token-store.ts'
import { runCliCaptured } from '../run-cli.test-support.ts'

const iparo = runCliCaptured

describe('iparo token', () => {
  it('create --json gives { token, id }; ls never shows the token; revoke ends it', async () => {
    const data = mkdtempSync(join(tmpdir(), 'iparo-token-cli-'))
    const created = await iparo(['token', 'create', '--label', 'lab server', '--json', '--data', data])
    expect(created.code).toBe(0)
    const { token, id } = JSON.parse(created.out) as { token: string, id: string }
    expect(Object.keys(JSON.parse(created.out) as object).sort()).toEqual(['id', 'token'])
    expect(await new TokenStore(data).check(token)).toBe(id)

    const ls = await iparo(['token', 'ls', '--json', '--data', data])
    expect(JSON.parse(ls.out)).toEqual([{ id, label: 'lab server', created: expect.any(String) as string }])
    const plain = await iparo(['token', 'ls', '--data', data])
    expect(plain.out).toContain(id)
    expect(plain.out + ls.out + readFileSync(join(data, 'tokens.json'), 'utf8')).not.toContain(token)

    expect((await iparo(['token', 'revoke', id, '--data', data])).out).toBe(`revoked ${id}\n`)
    expect(await new TokenStore(data).check(token)).toBeUndefined()
    const again = await iparo(['token', 'revoke', id, '--data', data])
    expect(again.code).toBe(1)
    expect(again.err).toContain('NotFoundError')
  })

  it('plain create prints the token alone on stdout; usage mistakes exit 2', async () => {
    const data = mkdtempSync(join(tmpdir(), 'iparo-token-cli-'))
    const created = await iparo(['token', 'create', '--data', data])
    expect(created.out).toMatch(/^iparo_[A-Za-z0-9_-]{43}\n$/)
    expect(await new TokenStore(data).check(created.out.trim())).toBeDefined()
    expect((await iparo(['token', '--data', data])).code).toBe(2)
    expect((await iparo(['token', 'revoke', '--data', data])).code).toBe(2)
    expect((await iparo(['token', 'frobnicate', '--data', data])).code).toBe(2)
  })
})
