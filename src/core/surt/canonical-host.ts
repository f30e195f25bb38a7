import { escapeOnce, unescapeRepeatedly } from './byte-string.ts'
import { ipv4Address } from './ipv4.ts'

/** A host as it goes into a key: `name` lowercased and escaped, or an IP address. */
export interface CanonicalHost {
  name: string
  ip: 'v4' | 'v6' | undefined
}

const NON_ASCII = /[\x80-\xff]/
const WWW = /^www\d*\./
// What would end the host in a URL string: such a host is not handed to the URL parser.
const URL_DELIMITERS = /[/?#@:[\]\\]/
const utf8 = new TextDecoder()

function latin1Bytes (s: string): Uint8Array {
  const bytes = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i)
  return bytes
}

/** The punycode (IDNA) form of a host with bytes outside ASCII, or undefined when it has none. */
function punycode (host: string): string | undefined {
  const name = utf8.decode(latin1Bytes(host))
  // bytes that are not UTF-8, or a delimiter, would make the parser read another host: kept as bytes
  if (name.includes('\uFFFD') || URL_DELIMITERS.test(name)) return undefined
  try {
    return new URL(`http://${name}/`).hostname
  } catch {
    return undefined
  }
}

function ipv6 (inside: string): string | undefined {
  try {
    return new URL(`http://[${inside}]/`).hostname
  } catch {
    return undefined
  }
}

/**
 * A host (a byte string, lowercased) in canonical form: escapes decoded, an IDN converted to punycode,
 * runs of dots merged and edge dots dropped, IPv4 forms read as addresses, then lowercased and escaped.
 */
export function canonicalHost (raw: string, bracketed = false): CanonicalHost {
  if (bracketed) {
    const v6 = ipv6(raw)
    if (v6 != null) return { name: v6, ip: 'v6' }
  }
  let host = unescapeRepeatedly(raw)
  if (NON_ASCII.test(host)) host = punycode(host) ?? host
  host = host.replaceAll('..', '.').replace(/^\.+|\.+$/g, '')
  const v4 = ipv4Address(host)
  if (v4 != null) return { name: v4, ip: 'v4' }
  return { name: escapeOnce(host).toLowerCase(), ip: undefined }
}

/**
 * A canonical host in SURT order: `www.a.example.com` → `com,example,a` (one leading `www`, `www2`…
 * label dropped when `massage`), `192.168.1.20` → `20,1,168,192`; IPv6 stays in its brackets.
 */
export function surtOrderHost (host: CanonicalHost, massage = true): string {
  if (host.ip === 'v6') return host.name
  const name = massage && host.ip == null ? host.name.replace(WWW, '') : host.name
  return name.split('.').reverse().join(',')
}
