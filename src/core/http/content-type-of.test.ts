import { describe, expect, it } from 'vitest'
import { contentTypeOf } from './content-type-of.ts'

describe('content types of app files', () => {
  it('go by the extension, whatever its case, and are opaque bytes otherwise', () => {
    expect(contentTypeOf('/replay.html')).toBe('text/html; charset=utf-8')
    expect(contentTypeOf('/assets/index-Dg-nboex.js')).toBe('text/javascript; charset=utf-8')
    expect(contentTypeOf('/app/ICON.PNG')).toBe('image/png')
    expect(contentTypeOf('/manifest.webmanifest')).toBe('application/manifest+json')
    expect(contentTypeOf('/no-extension')).toBe('application/octet-stream')
    expect(contentTypeOf('/file.unknown')).toBe('application/octet-stream')
  })
})
