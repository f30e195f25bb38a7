import { decodeLatin1 } from '../http/latin1.ts'

const UTF8 = new TextEncoder()

// The character references URLs in attributes carry in practice; others are left as written.
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", sol: '/', colon: ':', period: '.', quest: '?', equals: '=', num: '#', percnt: '%', nbsp: '\u00a0' }

/** An attribute value with its character references decoded (numeric ones above U+00FF as UTF-8 bytes, for binary strings). */
export function decodeEntities (value: string): string {
  if (!value.includes('&')) return value
  return value.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));?/g, (whole, dec?: string, hex?: string, name?: string) => {
    if (name != null) return NAMED[name.toLowerCase()] ?? whole
    const code = dec != null ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16)
    if (!(code > 0 && code <= 0x10ffff)) return whole
    if (code <= 0x7f) return String.fromCharCode(code)
    // as the UTF-8 bytes a browser would put in the URL
    return decodeLatin1(UTF8.encode(String.fromCodePoint(code)))
  })
}

/** Text safe inside an attribute value quoted with `quote` (or unquoted: then it is quoted by the caller). */
export function escapeAttribute (value: string, quote: string): string {
  const amp = value.replace(/&/g, '&amp;')
  if (quote === "'") return amp.replace(/'/g, '&#39;')
  return amp.replace(/"/g, '&quot;')
}

/** Text safe in HTML content. */
export const escapeText = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;')
