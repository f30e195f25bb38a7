const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

function decodeEntities (s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all
    }
    return NAMED[name.toLowerCase()] ?? all
  })
}

/**
 * The `<title>` of an HTML payload, read from its first bytes only (the page list shows it).
 * Bytes are read as UTF-8 with replacement, which is right for most pages and harmless for the rest.
 */
export function extractTitle (payloadStart: Uint8Array, mime: string | undefined): string | undefined {
  if (mime == null || !/html/.test(mime)) return undefined
  const text = new TextDecoder('utf-8').decode(payloadStart.subarray(0, 65_536))
  const m = /<title[^>]*>([^<]*)<\/title>/i.exec(text)
  if (m == null) return undefined
  const title = decodeEntities(m[1] ?? '').replace(/\s+/g, ' ').trim()
  return title === '' ? undefined : title.slice(0, 300)
}
