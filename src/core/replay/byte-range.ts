/** One satisfiable byte range, both ends inclusive as in `Content-Range`. */
export interface ByteRange {
  start: number
  end: number
}

export type RangeRequest =
  | { kind: 'none' }
  | { kind: 'range', range: ByteRange }
  | { kind: 'unsatisfiable' }

const SPEC = /^(\d*)-(\d*)$/

/**
 * The `Range` header of a request for a representation of `length` bytes (RFC 9110 §14). A header that
 * is absent, not `bytes=`, malformed, or asks for several ranges is ignored (`none`: the whole body is
 * sent, which the RFC allows); several ranges are not served as multipart/byteranges, which no media
 * element asks for. `unsatisfiable` when the one range starts at or past the end (or is an empty suffix).
 */
export function parseRange (header: string | null, length: number): RangeRequest {
  if (header == null) return { kind: 'none' }
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header)
  if (m?.[1] == null) return { kind: 'none' }
  const specs = m[1].split(',').map(s => s.trim()).filter(s => s !== '')
  if (specs.length !== 1) return { kind: 'none' }
  const spec = SPEC.exec(specs[0] ?? '')
  if (spec == null) return { kind: 'none' }
  const [, first = '', last = ''] = spec
  if (first === '') {
    if (last === '') return { kind: 'none' }
    const suffix = Number(last)
    if (suffix === 0 || length === 0) return { kind: 'unsatisfiable' }
    return { kind: 'range', range: { start: Math.max(0, length - suffix), end: length - 1 } }
  }
  const start = Number(first)
  if (last !== '' && Number(last) < start) return { kind: 'none' }
  if (start >= length) return { kind: 'unsatisfiable' }
  const end = last === '' ? length - 1 : Math.min(Number(last), length - 1)
  return { kind: 'range', range: { start, end } }
}

export const contentRange = (range: ByteRange, length: number): string => `bytes ${range.start}-${range.end}/${length}`
export const unsatisfiedRange = (length: number): string => `bytes */${length}`
