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

const LIMIT = 65_536
const LT = 0x3c
const GT = 0x3e
const TITLE = [0x74, 0x69, 0x74, 0x6c, 0x65] // "title"

/** True when `bytes` hold "title" at `at`, in any case. */
function titleAt (bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < TITLE.length; i++) {
    if (((bytes[at + i] ?? 0) | 0x20) !== TITLE[i]) return false
  }
  return true
}

/**
 * The `<title>` of an HTML payload, read from its first bytes only (the page list shows it).
 * Bytes are read as UTF-8 with replacement, which is right for most pages and harmless for the rest.
 * The title element is found in the bytes and only it is decoded: decoding the first 64 KiB of every
 * page made this the largest allocation of an ingest. Its markup is ASCII, which UTF-8 decoding never
 * merges into a neighbouring sequence, so this finds what a regular expression over the decoded text would.
 */
export function extractTitle (payloadStart: Uint8Array, mime: string | undefined): string | undefined {
  if (mime == null || !/html/.test(mime)) return undefined
  const bytes = payloadStart.subarray(0, LIMIT)
  for (let at = bytes.indexOf(LT); at !== -1; at = bytes.indexOf(LT, at + 1)) {
    if (!titleAt(bytes, at + 1)) continue
    // <title[^>]*>([^<]*)</title>, tried at this "<title"
    const open = bytes.indexOf(GT, at + 6)
    if (open === -1) return undefined
    const close = bytes.indexOf(LT, open + 1)
    if (close === -1) return undefined
    if (bytes[close + 1] !== 0x2f || !titleAt(bytes, close + 2) || bytes[close + 7] !== GT) continue
    const title = decodeEntities(new TextDecoder('utf-8').decode(bytes.subarray(open + 1, close))).replace(/\s+/g, ' ').trim()
    return title === '' ? undefined : title.slice(0, 300)
  }
  return undefined
}
