import { base64Bytes, certificateSpki, derSignatureToRaw, pemCertificate } from './der.ts'

export type SignatureState = 'valid' | 'invalid' | 'absent'

/** What datapackage-digest.json says of the package, checked. */
export interface DigestCheck {
  signature: SignatureState
  /** the signing domain, or `sha256:<hex>` of the anonymous signer's public key (SPKI) */
  signer?: string
  /** why it is invalid, or what could not be checked */
  message?: string
  /** false when the digest file's hash is not the datapackage's: datapackage.json was changed */
  hashMatches?: boolean
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const hex = (bytes: ArrayBuffer): string => [...new Uint8Array(bytes)].map(b => b.toString(16).padStart(2, '0')).join('')
const sha256Hex = async (bytes: Uint8Array<ArrayBuffer>): Promise<string> => hex(await crypto.subtle.digest('SHA-256', bytes))
const copy = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes)

/**
 * Checks datapackage-digest.json (WACZ signing, https://specs.webrecorder.net/wacz-auth/): its `hash`
 * must be the SHA-256 of datapackage.json, and its `signedData.signature` an ECDSA signature (SHA-256)
 * of that hash string, by the key in `publicKey` (anonymous signing) or in the first certificate of
 * `domainCert` (domain signing). "absent": no digest file, or one without a signature.
 * Domain signing is checked as far as the signature goes: that the certificate chains to a trusted
 * authority and was valid when the package was signed (`timeSignature`) is not checked.
 */
export async function checkDigest (digestBytes: Uint8Array | undefined, datapackage: Uint8Array): Promise<DigestCheck> {
  if (digestBytes == null) return { signature: 'absent' }
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(digestBytes))
  } catch {
    return { signature: 'invalid', message: 'datapackage-digest.json is not JSON' }
  }
  if (!isRecord(json)) return { signature: 'invalid', message: 'datapackage-digest.json is not a JSON object' }
  const actual = `sha256:${await sha256Hex(copy(datapackage))}`
  const hashMatches = typeof json.hash !== 'string' || json.hash.toLowerCase() === actual
  const signed = json.signedData
  if (!isRecord(signed)) {
    return hashMatches ? { signature: 'absent' } : { signature: 'absent', hashMatches, message: `datapackage-digest.json gives hash ${String(json.hash)}, datapackage.json hashes to ${actual}` }
  }
  const check = await checkSigned(signed, actual)
  return hashMatches ? check : { ...check, signature: 'invalid', hashMatches, message: `datapackage.json was changed after it was signed: the digest gives ${String(json.hash)}, it hashes to ${actual}` }
}

async function checkSigned (signed: Record<string, unknown>, actual: string): Promise<DigestCheck> {
  let key: { spki: Uint8Array, signer: string }
  try {
    key = await signerKey(signed)
  } catch (err) {
    return { signature: 'invalid', message: `the signer's key cannot be read: ${err instanceof Error ? err.message : String(err)}` }
  }
  const { signer } = key
  if (typeof signed.hash !== 'string' || typeof signed.signature !== 'string') return { signature: 'invalid', signer, message: 'signedData has no hash or signature' }
  if (signed.hash.toLowerCase() !== actual) return { signature: 'invalid', signer, message: `the signed hash ${signed.hash} is not datapackage.json's ${actual}` }
  try {
    const ok = await verifyEcdsa(key.spki, base64Bytes(signed.signature), new TextEncoder().encode(signed.hash))
    return ok ? { signature: 'valid', signer } : { signature: 'invalid', signer, message: 'the signature does not verify with the signer\'s key' }
  } catch (err) {
    return { signature: 'invalid', signer, message: `the signature cannot be checked: ${err instanceof Error ? err.message : String(err)}` }
  }
}

async function signerKey (signed: Record<string, unknown>): Promise<{ spki: Uint8Array, signer: string }> {
  if (typeof signed.publicKey === 'string') {
    const spki = base64Bytes(signed.publicKey)
    return { spki, signer: `sha256:${await sha256Hex(copy(spki))}` }
  }
  if (typeof signed.domainCert === 'string') {
    const spki = certificateSpki(pemCertificate(signed.domainCert))
    return { spki, signer: typeof signed.domain === 'string' ? signed.domain : 'unnamed domain' }
  }
  throw new Error('signedData has neither publicKey nor domainCert')
}

/** The curves the spec allows, each with its coordinate size in bytes. */
const CURVES = [{ namedCurve: 'P-384', size: 48 }, { namedCurve: 'P-256', size: 32 }]

/** ECDSA with SHA-256; the signature as r‖s (WebCrypto's form, as ArchiveWeb.page writes it) or DER (as Python signers write it). */
async function verifyEcdsa (spki: Uint8Array, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  for (const { namedCurve, size } of CURVES) {
    let key: CryptoKey
    try {
      key = await crypto.subtle.importKey('spki', copy(spki), { name: 'ECDSA', namedCurve }, false, ['verify'])
    } catch {
      continue
    }
    const raw = signature.length === size * 2 ? signature : derSignatureToRaw(signature, size)
    return await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, copy(raw), copy(data))
  }
  throw new Error('the key is not an ECDSA P-384 or P-256 public key')
}
