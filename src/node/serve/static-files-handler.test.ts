import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { StaticFilesHandler } from './static-files-handler.ts'

const dir = mkdtempSync(join(tmpdir(), 'iparo-static-'))
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

describe('StaticFilesHandler', () => {
  it('answers a revalidation of an unchanged file with 304 and no body, a changed one with the file', async () => {
    writeFileSync(join(dir, 'replay.html'), '<!doctype html>one')
    const handler = await StaticFilesHandler.open(dir)
    const url = new URL('http://node.test/replay.html')
    const first = await handler.handle(new Request(url), url)
    expect(first.status).toBe(200)
    expect(first.headers.get('Cache-Control')).toBe('no-cache')
    const etag = first.headers.get('ETag') ?? ''
    expect(etag).toMatch(/^".+"$/)
    const again = await handler.handle(new Request(url, { headers: { 'If-None-Match': etag } }), url)
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    const since = await handler.handle(new Request(url, { headers: { 'If-Modified-Since': first.headers.get('Last-Modified') ?? '' } }), url)
    expect(since.status).toBe(304)
    writeFileSync(join(dir, 'replay.html'), '<!doctype html>two, longer')
    const changed = await handler.handle(new Request(url, { headers: { 'If-None-Match': etag } }), url)
    expect(changed.status).toBe(200)
    expect(await changed.text()).toBe('<!doctype html>two, longer')
  })
})
