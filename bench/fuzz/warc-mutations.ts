import { gzipSync } from 'node:zlib'
import type { Fixture } from './fuzz-fixtures.ts'

/** One damaged WARC: its bytes (gzip members when `gzip`), and where in the decompressed stream the damage starts. */
export interface Mutant {
  op: string
  detail: string
  bytes: Uint8Array
  gzip: boolean
  damageAt: number
}

export type Random = () => number

const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1')
const fromLatin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'))
const concat = (parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts))
const int = (rnd: Random, n: number): number => Math.floor(rnd() * n)
const pick = <T>(rnd: Random, items: readonly T[]): T => items[int(rnd, items.length)] as T

export const BOGUS_DATES = [
  '', 'yesterday', '2020-13-45T99:99:99Z', '0000-00-00T00:00:00Z', '99999999999999', '-2020-01-01T00:00:00Z',
  '2020-02-30T00:00:00Z', '1e9', '2020-01-01T00:00:00+25:00', 'Thu, 31 May 2007 20:35:00 GMT', '20200101', '2',
  '2020-01-01T00:00:00.' + '9'.repeat(200) + 'Z', '275760-09-13T00:00:00Z', '\u0000\u0001', '2020-01-01 00:00:00'
]

export const HOSTILE_URIS: ReadonlyArray<string | Uint8Array> = [
  '', 'http://', 'http://[::1', 'javascript:alert(1)', '%', '%%%ff', 'http://a.example/%ZZ', '<script>', 'http://a.example/\u202eevil',
  'http://a.example/\u0000\u0007', 'http://a.example/' + 'x'.repeat(200_000), 'http://' + 'a.'.repeat(5000) + 'example/',
  'data:text/html,<h1>x</h1>', 'http://a.example:99999/', 'http://user:pass@a.example/', 'HTTP://A.EXAMPLE/../../etc/passwd',
  'http://a.example/\ud800', 'dns:a.example', 'urn:x', 'http://a.example/?' + 'a=1&'.repeat(3000),
  new Uint8Array([0x68, 0x74, 0x74, 0x70, 0x3a, 0x2f, 0x2f, 0x63, 0x2f, 0xe9, 0xff, 0xc0, 0x80])
]

/** The header block of the record starting at `start`: where its lines begin and end (before the blank line). */
function headerBlock (bytes: Uint8Array, start: number): { from: number, to: number } {
  const text = latin1(bytes.subarray(start, Math.min(bytes.length, start + 300_000)))
  const m = /\r?\n\r?\n/.exec(text)
  return { from: start, to: start + (m?.index ?? text.length) }
}

/** Replaces the value of header `name` in the block [from, to), or adds the header when absent. */
function setHeader (bytes: Uint8Array, block: { from: number, to: number }, name: string, value: Uint8Array): Uint8Array {
  const head = latin1(bytes.subarray(block.from, block.to))
  const m = new RegExp(`\\n${name}:[^\\r\\n]*`, 'i').exec(head)
  const at = m == null ? block.to : block.from + m.index
  const end = m == null ? block.to : at + m[0].length
  return concat([bytes.subarray(0, at), fromLatin1(`\r\n${name}: `), value, bytes.subarray(end)])
}

function lengthLie (rnd: Random, declared: number): string {
  const lies = [0, declared - 1, declared + 1, declared * 2, 1_000_000_000, 5_000_000_000, -1, 'abc', '', '1e3', '100000000000000000000', declared + 1 + int(rnd, 4096), Math.max(0, declared - 1 - int(rnd, 200))]
  return String(pick(rnd, lies))
}

const operators: Record<string, (f: Fixture, rnd: Random) => Mutant> = {
  truncate (f, rnd) {
    const at = int(rnd, f.bytes.length)
    return { op: 'truncate', detail: `cut at ${at}`, bytes: f.bytes.subarray(0, at), gzip: false, damageAt: at }
  },
  flip (f, rnd) {
    const bytes = f.bytes.slice()
    const n = 1 + int(rnd, 8)
    let first = bytes.length
    for (let i = 0; i < n; i++) {
      const at = int(rnd, bytes.length)
      bytes[at] = (bytes[at] ?? 0) ^ (1 + int(rnd, 255))
      first = Math.min(first, at)
    }
    return { op: 'flip', detail: `${n} bytes from ${first}`, bytes, gzip: false, damageAt: first }
  },
  'lying-length' (f, rnd) {
    const k = int(rnd, f.starts.length)
    const start = f.starts[k] ?? 0
    const block = headerBlock(f.bytes, start)
    const http = rnd() < 0.3
    if (http) {
      // the HTTP head's Content-Length, inside the record's content
      const text = latin1(f.bytes.subarray(block.to, Math.min(f.bytes.length, block.to + 64 * 1024)))
      const m = /\ncontent-length:\s*(\d+)/i.exec(text)
      if (m != null) {
        const lie = lengthLie(rnd, Number(m[1]))
        const at = block.to + m.index
        const bytes = concat([f.bytes.subarray(0, at), fromLatin1(`\nContent-Length: ${lie}`), f.bytes.subarray(at + m[0].length)])
        return { op: 'lying-length', detail: `HTTP Content-Length ${lie} in record ${k}`, bytes, gzip: false, damageAt: start }
      }
    }
    const declared = Number(/\ncontent-length:\s*(\d+)/i.exec(latin1(f.bytes.subarray(block.from, block.to)))?.[1] ?? 0)
    const lie = lengthLie(rnd, declared)
    return { op: 'lying-length', detail: `WARC Content-Length ${lie} in record ${k}`, bytes: setHeader(f.bytes, block, 'Content-Length', fromLatin1(lie)), gzip: false, damageAt: start }
  },
  'gzip-member' (f, rnd) {
    const k = int(rnd, f.starts.length)
    const cuts = [0, ...f.starts.slice(1), f.bytes.length]
    const members = cuts.slice(0, -1).map((c, i) => gzipSync(f.bytes.subarray(c, cuts[i + 1])))
    const member = members[k] ?? new Uint8Array()
    const mode = pick(rnd, ['flip', 'truncate-file', 'cut-member', 'bad-crc', 'garbage-between'] as const)
    const broken = new Uint8Array(member)
    if (mode === 'flip') for (let i = 0; i < 1 + int(rnd, 4); i++) { const at = 10 + int(rnd, Math.max(1, broken.length - 18)); broken[at] = (broken[at] ?? 0) ^ (1 + int(rnd, 255)) }
    if (mode === 'bad-crc') broken[broken.length - 8] = (broken[broken.length - 8] ?? 0) ^ 0xff
    const before = members.slice(0, k)
    const after = members.slice(k + 1)
    const parts = mode === 'truncate-file'
      ? [...before, broken.subarray(0, int(rnd, broken.length))]
      : mode === 'cut-member'
        ? [...before, broken.subarray(0, int(rnd, broken.length)), ...after]
        : mode === 'garbage-between'
          ? [...before, fromLatin1('garbage, not gzip\r\n'), broken, ...after]
          : [...before, broken, ...after]
    return { op: 'gzip-member', detail: `${mode} member ${k}`, bytes: concat(parts), gzip: true, damageAt: cuts[k] ?? 0 }
  },
  'huge-header' (f, rnd) {
    const k = int(rnd, f.starts.length)
    const start = f.starts[k] ?? 0
    const block = headerBlock(f.bytes, start)
    const size = pick(rnd, [10_000, 70_000, 300_000, 1_200_000])
    const inHttp = rnd() < 0.5
    const at = inHttp ? Math.min(f.bytes.length, block.to + 4 + int(rnd, 40)) : block.to
    const bytes = concat([f.bytes.subarray(0, at), fromLatin1(`\r\nX-Fuzz: ${'a'.repeat(size)}`), f.bytes.subarray(at)])
    return { op: 'huge-header', detail: `${size}-byte line in the ${inHttp ? 'HTTP' : 'WARC'} head of record ${k}`, bytes, gzip: false, damageAt: start }
  },
  'bogus-date' (f, rnd) {
    const k = int(rnd, f.starts.length)
    const start = f.starts[k] ?? 0
    const date = pick(rnd, BOGUS_DATES)
    return { op: 'bogus-date', detail: `WARC-Date ${JSON.stringify(date.slice(0, 40))} in record ${k}`, bytes: setHeader(f.bytes, headerBlock(f.bytes, start), 'WARC-Date', new TextEncoder().encode(date)), gzip: false, damageAt: start }
  },
  'hostile-uri' (f, rnd) {
    const k = int(rnd, f.starts.length)
    const start = f.starts[k] ?? 0
    const uri = pick(rnd, HOSTILE_URIS)
    const value = typeof uri === 'string' ? new TextEncoder().encode(uri) : uri
    const shown = typeof uri === 'string' ? JSON.stringify(uri.slice(0, 40)) : 'invalid UTF-8 bytes'
    return { op: 'hostile-uri', detail: `WARC-Target-URI ${shown} in record ${k}`, bytes: setHeader(f.bytes, headerBlock(f.bytes, start), 'WARC-Target-URI', value), gzip: false, damageAt: start }
  }
}

export const OPERATORS = Object.keys(operators)

/** One mutant of `fixture`, chosen by `rnd` (the same draws give the same mutant). */
export function mutate (fixture: Fixture, rnd: Random): Mutant {
  const op = pick(rnd, OPERATORS)
  return (operators[op] as (f: Fixture, rnd: Random) => Mutant)(fixture, rnd)
}
