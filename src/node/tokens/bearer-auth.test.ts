import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { requireBearer } from './bearer-auth.ts'
import { TokenStore } from './token-store.ts'

const request = (authorization?: string): Request =>
  new Request('http://127.0.0.1/api/v0/id', { method: 'POST', headers: authorization == null ? {} : { authorization } })

describe('requireBearer', () => {
  it('answers the id of a valid token, whatever the scheme\'s case', async () => {
    const tokens = new TokenStore(mkdtempSync(join(tmpdir(), 'iparo-bearer-')))
    const made = await tokens.create()
    expect(await requireBearer(request(`Bearer ${made.token}`), tokens)).toBe(made.id)
    expect(await requireBearer(request(`bearer  ${made.token} `), tokens)).toBe(made.id)
  })

  it('no header, another scheme or an empty token: MissingTokenError', async () => {
    const tokens = new TokenStore(mkdtempSync(join(tmpdir(), 'iparo-bearer-')))
    for (const header of [undefined, '', 'Bearer', 'Bearer ', 'Basic dXNlcjpwdw==']) {
      await expect(requireBearer(request(header), tokens)).rejects.toMatchObject({ name: 'MissingTokenError' })
    }
  })

  it('unknown or revoked: InvalidTokenError', async () => {
    const tokens = new TokenStore(mkdtempSync(join(tmpdir(), 'iparo-bearer-')))
    const made = await tokens.create()
    await expect(requireBearer(request('Bearer iparo_wrong'), tokens)).rejects.toMatchObject({ name: 'InvalidTokenError' })
    await tokens.revoke(made.id)
    await expect(requireBearer(request(`Bearer ${made.token}`), tokens)).rejects.toMatchObject({ name: 'InvalidTokenError' })
  })
})
