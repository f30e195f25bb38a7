import { describe, expect, it } from 'vitest'
import { withCors } from './cors.ts'

describe('withCors', () => {
  it('adds the CORS and given fields to a handler\'s own response, keeping status, fields and body', async () => {
    const built = new Response('body', { status: 201, statusText: 'Made', headers: { 'Content-Type': 'text/plain' } })
    const r = withCors(built, { 'Content-Security-Policy': "default-src 'none'" })
    expect(r.status).toBe(201)
    expect(r.statusText).toBe('Made')
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
    expect(r.headers.get('content-security-policy')).toBe("default-src 'none'")
    expect(r.headers.get('content-type')).toBe('text/plain')
    expect(await r.text()).toBe('body')
  })

  it('copies a response whose fields are immutable (a redirect) rather than failing', () => {
    const r = withCors(Response.redirect('http://node.test/elsewhere', 302), { 'X-Content-Type-Options': 'nosniff' })
    expect(r.status).toBe(302)
    expect(r.headers.get('location')).toBe('http://node.test/elsewhere')
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
  })
})
