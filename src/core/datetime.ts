import { InvalidDatetimeError } from './errors.ts'

/**
 * A memento datetime: ISO 8601 in UTC, `YYYY-MM-DDTHH:MM:SS[.f…]Z`, keeping the capture's
 * sub-second precision up to nanoseconds with trailing zeros trimmed, so that one instant has
 * one spelling (`…00.10Z` and `…00.1Z` are the same capture time).
 */
export type Datetime = string

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

interface Parts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  /** up to 9 digits, no trailing zeros */
  fraction: string
}

function daysInMonth (year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

function check (p: Parts, input: string): Parts {
  const ok = p.month >= 1 && p.month <= 12 &&
    p.day >= 1 && p.day <= daysInMonth(p.year, p.month) &&
    p.hour <= 23 && p.minute <= 59 && p.second <= 59
  if (!ok) throw new InvalidDatetimeError(`not a valid date and time: ${JSON.stringify(input)}`)
  return p
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0')

function normFraction (digits: string): string {
  if (digits.length > 9) digits = digits.slice(0, 9)
  return digits.replace(/0+$/, '')
}

function format (p: Parts): Datetime {
  const frac = p.fraction === '' ? '' : `.${p.fraction}`
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}T${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}${frac}Z`
}

function parts (dt: Datetime): Parts {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/.exec(dt)
  if (m == null) throw new InvalidDatetimeError(`not a normalized datetime: ${JSON.stringify(dt)}`)
  return {
    year: Number(m[1]), month: Number(m[2]), day: Number(m[3]),
    hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]), fraction: m[7] ?? ''
  }
}

/** True for the digit-only form of a URI-M datetime (validity is checked by parseDigits). */
export function isDatetimeDigits (s: string): boolean {
  return /^\d{4,}$/.test(s)
}

/**
 * Web-archive digits: 4–14 digits padded with the earliest valid value (`2018` → 2018-01-01T00:00:00Z),
 * or more than 14 for sub-second precision (`20180101000000123` → …00.123Z).
 */
export function parseDigits (s: string): Datetime {
  if (!isDatetimeDigits(s)) {
    throw new InvalidDatetimeError(`not a datetime: ${JSON.stringify(s)} (expected 4–14 digits, YYYYMMDDhhmmss)`)
  }
  const head = s.slice(0, 14)
  // positions 4–13 of the earliest instant in the prefix: month 01, day 01, 00:00:00
  const filled = head + '0101000000'.slice(head.length - 4)
  const n = (a: number, b: number): number => Number(filled.slice(a, b))
  return format(check({
    year: n(0, 4), month: n(4, 6), day: n(6, 8), hour: n(8, 10), minute: n(10, 12), second: n(12, 14),
    fraction: normFraction(s.slice(14))
  }, s))
}

/**
 * ISO 8601 as WARC writes it (WARC/1.0–1.1, with reduced precision such as `2014-01` and fractions
 * up to nanoseconds) and as people type it (`2013-02-02`, `2013-02-02T10:00`, offsets like `+02:00`).
 */
export function parseIso (s: string): Datetime {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s.trim())
  if (m == null) throw new InvalidDatetimeError(`not an ISO 8601 datetime: ${JSON.stringify(s)}`)
  const p = check({
    year: Number(m[1]), month: Number(m[2] ?? 1), day: Number(m[3] ?? 1),
    hour: Number(m[4] ?? 0), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0),
    fraction: normFraction(m[7] ?? '')
  }, s)
  const zone = m[8]
  if (zone == null || zone === 'Z') return format(p)
  const sign = zone.startsWith('-') ? -1 : 1
  const [hh, mm] = [Number(zone.slice(1, 3)), Number(zone.slice(-2))]
  const utcMs = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - sign * (hh * 60 + mm) * 60_000
  return withFraction(fromEpochMs(utcMs), p.fraction)
}

/** A WARC-Date in any version: ISO forms (1.0, 1.1) or WARC/0.17's bare 14 digits. */
export function parseWarcDate (s: string): Datetime {
  const t = s.trim()
  return isDatetimeDigits(t) ? parseDigits(t) : parseIso(t)
}

/** What a person types on the command line: 4–14(+) digits or ISO 8601. */
export function parseUserDatetime (s: string): Datetime {
  return isDatetimeDigits(s.trim()) ? parseDigits(s.trim()) : parseIso(s)
}

/** RFC 1123 as Memento's Accept-Datetime requires: `Thu, 31 May 2007 20:35:00 GMT`, nothing else. */
export function parseRfc1123 (s: string): Datetime {
  const m = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/.exec(s.trim())
  if (m == null) throw new InvalidDatetimeError(`not an RFC 1123 datetime: ${JSON.stringify(s)}`)
  return format(check({
    year: Number(m[4]), month: MONTHS.indexOf(m[3] ?? '') + 1, day: Number(m[2]),
    hour: Number(m[5]), minute: Number(m[6]), second: Number(m[7]), fraction: ''
  }, s))
}

export function fromEpochMs (ms: number): Datetime {
  const d = new Date(ms)
  if (Number.isNaN(d.getTime())) throw new InvalidDatetimeError(`not a time: ${ms}`)
  return format({
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(),
    fraction: normFraction(pad(d.getUTCMilliseconds(), 3))
  })
}

function withFraction (dt: Datetime, fraction: string): Datetime {
  return format({ ...parts(dt), fraction })
}

/** 14 digits, `YYYYMMDDhhmmss`, as in URI-Ms and CDXJ (sub-second precision dropped). */
export function toDigits14 (dt: Datetime): string {
  const p = parts(dt)
  return `${pad(p.year, 4)}${pad(p.month, 2)}${pad(p.day, 2)}${pad(p.hour, 2)}${pad(p.minute, 2)}${pad(p.second, 2)}`
}

/** The URI-M form that names exactly this capture: 14 digits plus any fraction digits. */
export function toDigits (dt: Datetime): string {
  return toDigits14(dt) + parts(dt).fraction
}

/** `Sat, 02 Feb 2013 10:00:00 GMT` (Memento-Datetime, Link datetimes). */
export function toRfc1123 (dt: Datetime): string {
  const p = parts(dt)
  const weekday = DAYS[new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay()] ?? ''
  return `${weekday}, ${pad(p.day, 2)} ${MONTHS[p.month - 1] ?? ''} ${pad(p.year, 4)} ${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)} GMT`
}

/** Nanoseconds since the epoch, exact: differences between captures keep full precision. */
// Ingest sorts and compares the same few datetimes many times over (a batch's captures, chain heads):
// a small memo saves the parse and the BigInt arithmetic. Cleared when full, so it stays small.
const NANOS_MEMO = new Map<Datetime, bigint>()
const NANOS_MEMO_SIZE = 4096

export function toEpochNanos (dt: Datetime): bigint {
  const known = NANOS_MEMO.get(dt)
  if (known !== undefined) return known
  const p = parts(dt)
  const seconds = BigInt(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) / 1000)
  const nanos = seconds * 1_000_000_000n + BigInt(p.fraction.padEnd(9, '0'))
  if (NANOS_MEMO.size >= NANOS_MEMO_SIZE) NANOS_MEMO.clear()
  NANOS_MEMO.set(dt, nanos)
  return nanos
}

export function toEpochMs (dt: Datetime): number {
  return Number(toEpochNanos(dt) / 1_000_000n)
}

/** Chronological order; equal only for the same instant at full precision. */
export function compareDatetime (a: Datetime, b: Datetime): number {
  const x = toEpochNanos(a)
  const y = toEpochNanos(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/** |a − b| in nanoseconds. */
export function distanceNanos (a: Datetime, b: Datetime): bigint {
  const d = toEpochNanos(a) - toEpochNanos(b)
  return d < 0n ? -d : d
}
