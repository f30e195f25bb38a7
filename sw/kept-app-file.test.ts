import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { HOST_PAGE_CSP } from '../src/core/replay/host-page-policy.ts'
import { embeddedFile, verifiedCopy } from './kept-app-file.ts'

const HOST = '<!doctype html><script type="module" src="/assets/replay-abc.js"></script>'
const files = { '/replay.html': createHash('sha256').update(HOST).digest('base64'), '/index.html': createHash('sha256').update('app').digest('base64') }

describe('app files kept for offline use', () => {
  it('are served as built, with headers the worker makes (the host page gets its policy)', async () => {
    const kept = new Response(HOST, { headers: { 'Content-Type': 'text/plain', 'Content-Security-Policy': "script-src *" } })
    const served = await verifiedCopy(kept, '/replay.html', files)
    expect(await served?.text()).toBe(HOST)
    expect(served?.headers.get('content-security-policy')).toBe(HOST_PAGE_CSP)
    expect(served?.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await (await verifiedCopy(new Response('app'), '/', files))?.text()).toBe('app')
  })

  it('are refused when a page of this origin changed them, or when the build never listed them', async () => {
    expect(await verifiedCopy(new Response(HOST.replace('abc', 'evil')), '/replay.html', files)).toBeUndefined()
    expect(await verifiedCopy(new Response('anything'), '/assets/attacker.js', files)).toBeUndefined()
  })

  it('carried by the worker itself are served from there, with the host page\'s policy', async () => {
    const carried = embeddedFile('/replay.html', { '/replay.html': Buffer.from(HOST).toString('base64') })
    expect(await carried?.text()).toBe(HOST)
    expect(carried?.headers.get('content-security-policy')).toBe(HOST_PAGE_CSP)
    expect(embeddedFile('/index.html', {})).toBeUndefined()
  })
})
