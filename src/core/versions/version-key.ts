import type { Datetime } from '../datetime.ts'
import { InvalidInputError } from '../errors.ts'

/**
 * Keys of a version index: `2013-02-02T10:00:00.000000000 0000000000000042` — the datetime with its
 * fraction padded to nanoseconds, a space, the seq padded to 16 digits. Fixed widths make code-point
 * order (the URL map's key order) equal to (datetime, seq) order, which is the chain's version order.
 */
const SEQ_DIGITS = 16
const DATETIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/
const KEY = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d{9}) (\d{16})$/

/** The part of every key of versions captured at `datetime` (a prefix of each, sorting before them). */
export function instantPrefix (datetime: Datetime): string {
  const m = DATETIME.exec(datetime)
  if (m == null) throw new InvalidInputError(`not a normalized datetime: ${JSON.stringify(datetime)}`)
  return `${m[1] as string}.${(m[2] ?? '').padEnd(9, '0')} `
}

/** A string after every key of versions at `datetime` and before every key of a later instant. */
export function instantEnd (datetime: Datetime): string {
  return instantPrefix(datetime) + '~'
}

export function versionKey (datetime: Datetime, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new InvalidInputError(`not a version seq: ${seq}`)
  return instantPrefix(datetime) + String(seq).padStart(SEQ_DIGITS, '0')
}

/** The datetime and seq a key names (the datetime normalized: no trailing zeros), or undefined. */
export function parseVersionKey (key: string): { datetime: Datetime, seq: number } | undefined {
  const m = KEY.exec(key)
  if (m == null) return undefined
  const fraction = (m[2] as string).replace(/0+$/, '')
  const seq = Number(m[3])
  if (!Number.isSafeInteger(seq)) return undefined
  return { datetime: `${m[1] as string}${fraction === '' ? '' : '.' + fraction}Z`, seq }
}
