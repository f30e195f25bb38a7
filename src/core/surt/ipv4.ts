/**
 * Host names that are IPv4 addresses in one of the forms C's inet_aton reads — `3279880203`,
 * `017.0.0.1` (octal), `10.0.258` (the last part fills the remaining bytes) — as dotted decimal.
 * Only names that look like numbers are tried (a first part of digits), as web archive canonicalizers do.
 */

const DECIMAL = /^[1-9][0-9]*(\.[0-9]+){0,3}$/
const OCTAL = /^0[0-7]*(\.[0-7]+){0,3}$/
const ALL_DIGITS = /^[0-9]+$/

function partValue (part: string): number | undefined {
  if (/^0[xX][0-9a-fA-F]*$/.test(part)) return part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16)
  if (/^0[0-7]*$/.test(part)) return Number.parseInt(part, 8)
  if (/^[1-9][0-9]*$/.test(part)) return Number.parseInt(part, 10)
  return undefined
}

const dotted = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')

/** `a.b.c.d` for a host that is a numeric IPv4 address, else undefined. */
export function ipv4Address (host: string): string | undefined {
  // Numbers beyond 32 bits are cut to their low 32 (seen in ARC files of the Wayback Machine's live web proxy).
  if (ALL_DIGITS.test(host)) return dotted(Number(BigInt(host) & 0xffffffffn))
  if (!DECIMAL.test(host) && !OCTAL.test(host)) return undefined
  const values = host.split('.').map(partValue)
  if (values.some(v => v == null || !Number.isSafeInteger(v))) return undefined
  const parts = values as number[]
  const last = parts[parts.length - 1] ?? 0
  const leading = parts.slice(0, -1)
  if (leading.some(v => v > 255) || last >= 2 ** (8 * (4 - leading.length))) return undefined
  let n = 0
  for (const v of leading) n = n * 256 + v
  return dotted(n * 2 ** (8 * (4 - leading.length)) + last)
}
