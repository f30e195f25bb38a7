import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_ROUTERS, normalizeRouterUrl, readRouters, resetRouters, writeRouters } from './router-list.ts'

const folder = (): string => mkdtempSync(join(tmpdir(), 'iparo-routers-'))

describe('the router list', () => {
  it('is the public delegated router until routers.json says otherwise', async () => {
    const dir = folder()
    expect(await readRouters(dir)).toEqual(['https://delegated-ipfs.dev'])
    expect(await writeRouters(dir, ['http://127.0.0.1:9/', 'http://127.0.0.1:9/routing/v1', 'https://r.example/base/'])).toEqual(['http://127.0.0.1:9', 'https://r.example/base'])
    expect(await readRouters(dir)).toEqual(['http://127.0.0.1:9', 'https://r.example/base'])
    expect(await writeRouters(dir, [])).toEqual([])
    expect(await readRouters(dir)).toEqual([])
    await resetRouters(dir)
    expect(await readRouters(dir)).toEqual([...DEFAULT_ROUTERS])
  })

  it('refuses what is not an http(s) router URL, and a file it did not write', async () => {
    expect(() => normalizeRouterUrl('delegated-ipfs.dev')).toThrow(/not a URL/)
    expect(() => normalizeRouterUrl('ftp://r.example')).toThrow(/http or https/)
    expect(() => normalizeRouterUrl('https://r.example/?x=1')).toThrow(/no query/)
    const dir = folder()
    await expect(writeRouters(dir, ['https://ok.example', 'nope'])).rejects.toThrow(/not a URL/)
    expect(await readRouters(dir)).toEqual([...DEFAULT_ROUTERS])
    writeFileSync(join(dir, 'routers.json'), '{ "routers": "https://r.example" }')
    await expect(readRouters(dir)).rejects.toMatchObject({ name: 'RouterListError' })
    writeFileSync(join(dir, 'routers.json'), '{ not json')
    await expect(readRouters(dir)).rejects.toMatchObject({ name: 'RouterListError' })
  })
})
