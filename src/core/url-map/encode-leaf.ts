import type { UrlEntry } from './url-entry.ts'

const utf8 = new TextEncoder()

const headLength = (n: number): number => n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : n < 0x100000000 ? 5 : 9

/**
 * Writes CBOR into one growing buffer. Strings must be well-formed (every leaf string is: entries are
 * checked when made or decoded, keys when ordered), so TextEncoder writes the bytes cborg would.
 */
class CborWriter {
  bytes = new Uint8Array(4096)
  at = 0

  private room (n: number): void {
    if (this.at + n <= this.bytes.byteLength) return
    const grown = new Uint8Array(Math.max(this.bytes.byteLength * 2, this.at + n))
    grown.set(this.bytes.subarray(0, this.at))
    this.bytes = grown
  }

  head (major: number, n: number): void {
    this.room(9)
    const b = this.bytes
    const m = major << 5
    if (n < 24) {
      b[this.at++] = m | n
    } else if (n < 0x100) {
      b[this.at++] = m | 24
      b[this.at++] = n
    } else if (n < 0x10000) {
      b[this.at++] = m | 25
      b[this.at++] = n >>> 8
      b[this.at++] = n & 0xff
    } else if (n < 0x100000000) {
      b[this.at++] = m | 26
      b[this.at++] = n >>> 24
      b[this.at++] = (n >>> 16) & 0xff
      b[this.at++] = (n >>> 8) & 0xff
      b[this.at++] = n & 0xff
    } else {
      b[this.at++] = m | 27
      const high = Math.floor(n / 0x100000000)
      const low = n >>> 0
      b[this.at++] = high >>> 24
      b[this.at++] = (high >>> 16) & 0xff
      b[this.at++] = (high >>> 8) & 0xff
      b[this.at++] = high & 0xff
      b[this.at++] = low >>> 24
      b[this.at++] = (low >>> 16) & 0xff
      b[this.at++] = (low >>> 8) & 0xff
      b[this.at++] = low & 0xff
    }
  }

  text (s: string): void {
    // at most 3 bytes per UTF-16 unit; written after a header sized for that bound, then moved back
    // when the real length needs a shorter header (never for ASCII below 24 or 256 characters)
    const max = s.length * 3
    this.room(9 + max)
    const start = this.at
    this.head(3, s.length)
    const guess = this.at - start
    const { written } = utf8.encodeInto(s, this.bytes.subarray(this.at))
    if (written === s.length) {
      this.at += written
      return
    }
    // the bytes move before the header is rewritten over where they began
    const real = headLength(written)
    if (real !== guess) this.bytes.copyWithin(start + real, start + guess, start + guess + written)
    this.at = start
    this.head(3, written)
    this.at += written
  }

  raw (bytes: Uint8Array): void {
    this.room(bytes.byteLength)
    this.bytes.set(bytes, this.at)
    this.at += bytes.byteLength
  }

  result (): Uint8Array {
    return this.bytes.slice(0, this.at)
  }
}

const FORMAT = 'iparo-url-map/1'

/**
 * A leaf node's dag-cbor bytes, exactly as `dagCbor.encode({ format, level: 0, keys, entries })` writes
 * them (encode-leaf.test.ts compares the two): map keys in dag-cbor order (shorter first, then bytewise),
 * CIDs as tag 42 over a 0x00-prefixed byte string, integers in their shortest form. cborg's generic
 * encoder sorted every entry's keys and built a token list per value, the largest cost of building the
 * URL map during an ingest. Entries must be frozen UrlEntry values (freezeEntry: no other fields,
 * no undefined title).
 */
export function encodeLeaf (keys: readonly string[], entries: readonly UrlEntry[]): Uint8Array {
  const w = new CborWriter()
  w.head(5, 4)
  w.text('keys')
  w.head(4, keys.length)
  for (const key of keys) w.text(key)
  w.text('level')
  w.head(0, 0)
  w.text('format')
  w.text(FORMAT)
  w.text('entries')
  w.head(4, entries.length)
  for (const e of entries) {
    w.head(5, 5 + (e.title === undefined ? 0 : 1) + (e.versions === undefined ? 0 : 1) + (e.page === true ? 1 : 0) +
      (e.mime === undefined ? 0 : 1) + (e.status === undefined ? 0 : 1) + (e.location === undefined ? 0 : 1))
    w.text('url')
    w.text(e.url)
    link(w, 'head', e.head)
    w.text('last')
    w.text(e.last)
    if (e.mime !== undefined) {
      w.text('mime')
      w.text(e.mime)
    }
    if (e.page === true) {
      w.text('page')
      w.head(7, 21) // true
    }
    w.text('count')
    w.head(0, e.count)
    w.text('first')
    w.text(e.first)
    if (e.title !== undefined) {
      w.text('title')
      w.text(e.title)
    }
    if (e.status !== undefined) {
      w.text('status')
      w.head(0, e.status)
    }
    if (e.location !== undefined) {
      w.text('location')
      w.text(e.location)
    }
    if (e.versions !== undefined) link(w, 'versions', e.versions)
  }
  return w.result()
}

const ZERO = new Uint8Array([0])

function link (w: CborWriter, name: string, cid: UrlEntry['head']): void {
  w.text(name)
  w.head(6, 42)
  w.head(2, cid.bytes.byteLength + 1)
  w.raw(ZERO)
  w.raw(cid.bytes)
}
