/**
 * The little DER that checking a WACZ signature needs: the public key of an X.509 certificate, and an
 * ECDSA signature in DER turned into the r‖s form WebCrypto verifies.
 */

/** a value: its tag, where its header begins, where its content begins and ends */
interface Tlv { tag: number, at: number, start: number, end: number }

function tlv (bytes: Uint8Array, at: number): Tlv {
  const tag = bytes[at]
  let length = bytes[at + 1]
  if (tag == null || length == null) throw new Error('DER cut short')
  let start = at + 2
  if (length >= 0x80) {
    const n = length & 0x7f
    if (n === 0 || n > 4) throw new Error('DER length form not supported')
    length = 0
    for (let i = 0; i < n; i++) length = length * 256 + (bytes[start + i] ?? 0)
    start += n
  }
  const end = start + length
  if (end > bytes.length) throw new Error('DER cut short')
  return { tag, at, start, end }
}

/** The children of a constructed value. */
function children (bytes: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = []
  for (let at = parent.start; at < parent.end;) {
    const child = tlv(bytes, at)
    out.push(child)
    at = child.end
  }
  return out
}

/** The DER bytes of the first certificate of a PEM chain. */
export function pemCertificate (pem: string): Uint8Array {
  const m = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/.exec(pem)
  if (m == null) throw new Error('no PEM certificate')
  return base64Bytes(m[1] ?? '')
}

/** The SubjectPublicKeyInfo (DER) of an X.509 certificate. */
export function certificateSpki (cert: Uint8Array): Uint8Array {
  const tbs = children(cert, tlv(cert, 0))[0]
  if (tbs == null) throw new Error('not a certificate')
  const fields = children(cert, tbs)
  // the version ([0]) is optional; after it: serial, signature algorithm, issuer, validity, subject, key
  const first = fields[0]?.tag === 0xa0 ? 1 : 0
  const spki = fields[first + 5]
  if (spki == null || spki.tag !== 0x30) throw new Error('certificate has no public key')
  return cert.subarray(spki.at, spki.end)
}

/** An ECDSA signature in DER (SEQUENCE of two INTEGERs) as r‖s, each `size` bytes. */
export function derSignatureToRaw (der: Uint8Array, size: number): Uint8Array {
  const [r, s] = children(der, tlv(der, 0))
  if (r == null || s == null || r.tag !== 0x02 || s.tag !== 0x02) throw new Error('not a DER ECDSA signature')
  const out = new Uint8Array(size * 2)
  for (const [i, part] of [r, s].entries()) {
    let value = der.subarray(part.start, part.end)
    while (value.length > size && value[0] === 0) value = value.subarray(1)
    if (value.length > size) throw new Error('ECDSA signature integer too long')
    out.set(value, i * size + size - value.length)
  }
  return out
}

export function base64Bytes (text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ''))
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}
